/**
 * What kind of address an IP literal is, for the outbound-request policy (security/outbound-policy):
 * the ranges a gateway must never call (unspecified, link-local such as cloud metadata, multicast,
 * broadcast, reserved) and the ones an operator may close (loopback, private). IPv6 forms that carry
 * an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the address they carry, so
 * `[::ffff:169.254.169.254]` is link-local like `169.254.169.254`. Pure code, no I/O.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressClass =
  'unspecified' | 'link-local' | 'multicast' | 'broadcast' | 'reserved' | 'loopback' | 'private' | 'public';

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface IpValue {
  version: 4 | 6;
  value: bigint;
}

/** Strips the brackets of a URL's IPv6 host and a zone id (`fe80::1%eth0`). */
export function bareHost(host: string): string {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = h.indexOf('%');
  return zone >= 0 && isIPv6(h.slice(0, zone)) ? h.slice(0, zone) : h;
}

function ipv4Value(s: string): bigint {
  let v = 0n;
  for (const octet of s.split('.')) v = (v << 8n) | BigInt(Number(octet));
  return v;
}

function ipv6Value(s: string): bigint {
  let text = s;
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4Value(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(parseInt(g, 16));
  return v;
}

/** The address as a number, or null when the text is not an IP literal. */
export function parseIp(text: string): IpValue | null {
  const s = bareHost(text);
  if (isIPv4(s)) return { version: 4, value: ipv4Value(s) };
  if (isIPv6(s)) return { version: 6, value: ipv6Value(s) };
  return null;
}

/** An address block: `10.0.0.0/8`, `fd00::/8`, or a single address. */
export interface Cidr {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const width = ip.version === 4 ? 32 : 128;
  const bitsText = slash < 0 ? String(width) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > width) return null;
  return { version: ip.version, base: ip.value >> BigInt(width - bits), bits };
}

export function inCidr(ip: IpValue, cidr: Cidr): boolean {
  if (ip.version !== cidr.version) return false;
  const width = ip.version === 4 ? 32 : 128;
  return ip.value >> BigInt(width - cidr.bits) === cidr.base;
}

const block = (text: string): Cidr => parseCidr(text)!;

/** IPv4 blocks in the order they are tried; anything else is public. */
const IPV4_BLOCKS: Array<[Cidr, AddressClass]> = [
  [block('255.255.255.255/32'), 'broadcast'],
  [block('0.0.0.0/8'), 'unspecified'],
  [block('127.0.0.0/8'), 'loopback'],
  [block('169.254.0.0/16'), 'link-local'],
  [block('224.0.0.0/4'), 'multicast'],
  [block('240.0.0.0/4'), 'reserved'],
  [block('10.0.0.0/8'), 'private'],
  [block('172.16.0.0/12'), 'private'],
  [block('192.168.0.0/16'), 'private'],
  // Carrier-grade NAT and benchmarking networks: inside someone's network, never the Internet.
  [block('100.64.0.0/10'), 'private'],
  [block('198.18.0.0/15'), 'private'],
];

const IPV6_BLOCKS: Array<[Cidr, AddressClass]> = [
  [block('::/128'), 'unspecified'],
  [block('::1/128'), 'loopback'],
  [block('fe80::/10'), 'link-local'],
  [block('ff00::/8'), 'multicast'],
  [block('fc00::/7'), 'private'],
  [block('fec0::/10'), 'private'],
  // Discard-only prefix.
  [block('100::/64'), 'reserved'],
];

/** IPv6 prefixes that carry an IPv4 address, and where it sits (bits from the right). */
const IPV4_CARRIERS: Array<[Cidr, number]> = [
  [block('::ffff:0:0/96'), 0], // IPv4-mapped
  [block('::/96'), 0], // IPv4-compatible (deprecated)
  [block('64:ff9b::/96'), 0], // NAT64
  [block('2002::/16'), 80], // 6to4: 2002:AABB:CCDD::/48
];

function classifyIpv4(value: bigint): AddressClass {
  const ip: IpValue = { version: 4, value };
  for (const [cidr, cls] of IPV4_BLOCKS) if (inCidr(ip, cidr)) return cls;
  return 'public';
}

export function classifyIp(ip: IpValue): AddressClass {
  if (ip.version === 4) return classifyIpv4(ip.value);
  for (const [cidr, cls] of IPV6_BLOCKS) if (inCidr(ip, cidr)) return cls;
  for (const [cidr, shift] of IPV4_CARRIERS)
    if (inCidr(ip, cidr)) return classifyIpv4((ip.value >> BigInt(shift)) & 0xffffffffn);
  return 'public';
}

/** The class of an IP literal, or null when the text is not one. */
export function classifyAddress(text: string): AddressClass | null {
  const ip = parseIp(text);
  return ip ? classifyIp(ip) : null;
}
