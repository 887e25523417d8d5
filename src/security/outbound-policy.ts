/**
 * The one policy every outbound request obeys (callbacks, voice file downloads): which addresses
 * Herald may connect to on a tenant's behalf.
 *
 * - Always refused: unspecified, link-local (cloud metadata lives at 169.254.169.254), multicast,
 *   broadcast and reserved addresses, in every IPv6 form that carries them.
 * - Loopback and private ranges: allowed by default (a self-hosted gateway's receivers usually live
 *   there), refused with `denyPrivate` unless the host name or the address is on the allow-list.
 *
 * The policy is applied twice: to the literal host of a URL when a request is accepted (a 400 before
 * anything is stored), and to every address a connection is about to use, after DNS resolution
 * (`lookup` below, given to the socket itself, so the address checked is the address connected:
 * no window for DNS rebinding).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import {
  type AddressClass,
  bareHost,
  type Cidr,
  classifyIp,
  inCidr,
  type IpValue,
  parseCidr,
  parseIp,
} from './ip-ranges.js';

export interface OutboundPolicyOptions {
  /** Refuse loopback and private addresses (multi-tenant operators want this). */
  denyPrivate: boolean;
  /** Host names and addresses/CIDRs allowed even when private addresses are refused. */
  allow: string[];
}

export const OUTBOUND_DEFAULTS: OutboundPolicyOptions = { denyPrivate: false, allow: [] };

/** The one message a refused destination gets: it says nothing of the address or the network. */
export const REFUSED_MESSAGE = 'the destination is not allowed by the outbound policy';

export class OutboundRefusedError extends Error {
  readonly code = 'EHERALDREFUSED';
  constructor() {
    super(REFUSED_MESSAGE);
    this.name = 'OutboundRefusedError';
  }
}

const ALWAYS_REFUSED: ReadonlySet<AddressClass> = new Set([
  'unspecified',
  'link-local',
  'multicast',
  'broadcast',
  'reserved',
]);

/** What is wrong with an allow-list entry, or undefined when it is a host name, an address or a CIDR. */
export function allowEntryProblem(entry: string): string | undefined {
  if (entry.includes('/')) return parseCidr(entry) ? undefined : `${entry} is not a CIDR block`;
  if (parseIp(entry)) return undefined;
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)
    ? undefined
    : `${entry} is not a host name, an address or a CIDR block`;
}

type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export class OutboundPolicy {
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly allowedBlocks: readonly Cidr[];

  constructor(
    readonly options: OutboundPolicyOptions,
    /** DNS resolution (the system's by default). */
    private readonly resolve: Resolver = dnsLookup as unknown as Resolver,
  ) {
    const hosts = new Set<string>();
    const blocks: Cidr[] = [];
    for (const entry of options.allow) {
      const cidr = parseCidr(entry);
      if (cidr) blocks.push(cidr);
      else hosts.add(entry.toLowerCase().replace(/\.$/, ''));
    }
    this.allowedHosts = hosts;
    this.allowedBlocks = blocks;
  }

  /** May a connection for `hostname` (as written in the URL) go to this address? */
  allowsAddress(ip: IpValue, hostname: string): boolean {
    const cls = classifyIp(ip);
    if (ALWAYS_REFUSED.has(cls)) return false;
    if (cls === 'public' || !this.options.denyPrivate) return true;
    return (
      this.allowedHosts.has(bareHost(hostname).toLowerCase().replace(/\.$/, '')) ||
      this.allowedBlocks.some((b) => inCidr(ip, b))
    );
  }

  /**
   * What is wrong with a URL a tenant gives (callback, file), judged without DNS: not http(s), or a
   * literal address (or `localhost`) the policy refuses. Undefined when it may be called.
   */
  urlProblem(url: string): 'not-http' | 'refused' | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return 'not-http';
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return 'not-http';
    const host = u.hostname.toLowerCase().replace(/\.$/, '');
    // RFC 6761: localhost names are loopback whatever DNS says.
    const ip = host === 'localhost' || host.endsWith('.localhost') ? parseIp('127.0.0.1') : parseIp(host);
    if (ip && !this.allowsAddress(ip, host)) return 'refused';
    return undefined;
  }

  /**
   * A `lookup` for sockets: resolves the name and keeps only the addresses the policy allows; none
   * left is an OutboundRefusedError. Node calls it for host names only (literal addresses are checked
   * by the caller before connecting).
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const all = (options as { all?: boolean }).all === true;
    this.resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, all ? [] : '', 0);
      const allowed = addresses.filter((a) => {
        const ip = parseIp(a.address);
        return ip !== null && this.allowsAddress(ip, hostname);
      });
      if (allowed.length === 0) return callback(new OutboundRefusedError(), all ? [] : '', 0);
      if (all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
