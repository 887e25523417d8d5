import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  type AddressClass,
  classifyAddress,
  inCidr,
  parseCidr,
  parseIp,
} from '../../src/security/ip-ranges.js';

/** ipaddr.js's range names, in Herald's classes (documentation and test nets are public to Herald). */
function expectedV4(text: string): AddressClass {
  const a = ipaddr.IPv4.parse(text);
  const range = a.range();
  const o = a.octets;
  switch (range) {
    case 'unspecified':
    case 'broadcast':
    case 'multicast':
    case 'loopback':
      return range;
    case 'linkLocal':
      return 'link-local';
    case 'private':
    case 'carrierGradeNat':
      return 'private';
    case 'reserved':
      if (o[0]! >= 240) return 'reserved';
      if (o[0] === 198 && (o[1] === 18 || o[1] === 19)) return 'private';
      return 'public';
    default:
      return 'public';
  }
}

function expectedV6(text: string): AddressClass {
  const a = ipaddr.IPv6.parse(text);
  const p = a.parts;
  const embedded = (hi: number, lo: number) => expectedV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  switch (a.range() as string) {
    case 'unspecified':
    case 'loopback':
    case 'multicast':
      return a.range() as AddressClass;
    case 'linkLocal':
      return 'link-local';
    case 'uniqueLocal':
    case 'deprecatedSiteLocal':
      return 'private';
    case 'discard':
      return 'reserved';
    case 'ipv4Mapped':
      return embedded(p[6]!, p[7]!);
    case '6to4':
      return embedded(p[1]!, p[2]!);
    default:
      // NAT64 (64:ff9b::/96) and the deprecated IPv4-compatible ::/96 carry an IPv4 address too.
      if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0))
        return embedded(p[6]!, p[7]!);
      if (p.slice(0, 6).every((x) => x === 0)) return embedded(p[6]!, p[7]!);
      return 'public';
  }
}

const octet = fc.integer({ min: 0, max: 255 });
/** IPv4 addresses biased towards the special blocks (random ones almost never hit them). */
const ipv4 = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
  fc
    .tuple(
      fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 224, 239, 240, 255),
      fc.constantFrom(0, 16, 31, 32, 18, 19, 64, 127, 128, 168, 254, 255),
      octet,
      octet,
    )
    .map((o) => o.join('.')),
);
const group = fc.integer({ min: 0, max: 0xffff });
const ipv6 = fc.oneof(
  fc.array(group, { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':')),
  fc
    .tuple(
      fc.constantFrom('fe80', 'febf', 'fc00', 'fdff', 'fec0', 'ff02', '2002', '100', '2001'),
      group,
      group,
    )
    .map(([a, b, c]) => `${a}:${b.toString(16)}:${c.toString(16)}::1`),
  ipv4.map((v4) => `::ffff:${v4}`),
  ipv4.map((v4) => `64:ff9b::${v4}`),
  ipv4.map((v4) => `::${v4}`),
  ipv4.map((v4) => {
    const o = v4.split('.').map(Number);
    return `2002:${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}::`;
  }),
);

describe('address classes', () => {
  it('names the blocks a gateway must know', () => {
    const cases: Array<[string, AddressClass]> = [
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['::', 'unspecified'],
      ['169.254.169.254', 'link-local'],
      ['[::ffff:169.254.169.254]', 'link-local'],
      ['::ffff:a9fe:a9fe', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['2002:a9fe:a9fe::1', 'link-local'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.0', 'public'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'private'],
      ['fd12:3456::1', 'private'],
      ['8.8.8.8', 'public'],
      ['2a00:1450:4007:80e::200e', 'public'],
    ];
    for (const [text, cls] of cases) expect([text, classifyAddress(text)]).toEqual([text, cls]);
    expect(classifyAddress('example.com')).toBeNull();
    expect(classifyAddress('1.2.3')).toBeNull();
  });

  it('agrees with ipaddr.js on IPv4 (oracle)', () => {
    fc.assert(
      fc.property(ipv4, (text) => {
        expect(classifyAddress(text)).toBe(expectedV4(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with ipaddr.js on IPv6, judging carried IPv4 addresses by what they carry (oracle)', () => {
    fc.assert(
      fc.property(ipv6, (text) => {
        expect(classifyAddress(text)).toBe(expectedV6(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('matches CIDR blocks as node:net BlockList does (oracle)', () => {
    const blocks = fc.oneof(
      fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([a, b]) => ({ a, b, v: 'ipv4' as const })),
      fc
        .tuple(fc.array(group, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 }))
        .map(([g, b]) => ({ a: g.map((x) => x.toString(16)).join(':'), b, v: 'ipv6' as const })),
    );
    fc.assert(
      fc.property(blocks, fc.nat({ max: 128 }), ({ a, b, v }, flip) => {
        const list = new BlockList();
        list.addSubnet(a, b, v);
        const ip = parseIp(a)!;
        const width = v === 'ipv4' ? 32 : 128;
        // The block's own address, and one with a bit flipped (inside or outside the block).
        const probe = { version: ip.version, value: ip.value ^ (1n << BigInt(flip % width)) };
        const probeText =
          v === 'ipv4'
            ? [24n, 16n, 8n, 0n].map((s) => String((probe.value >> s) & 255n)).join('.')
            : [...Array(8).keys()]
                .map((i) => ((probe.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16))
                .join(':');
        const cidr = parseCidr(`${a}/${b}`)!;
        expect(inCidr(ip, cidr)).toBe(true);
        expect(inCidr(probe, cidr)).toBe(list.check(probeText, v));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses malformed CIDR blocks', () => {
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('10.0.0.0/')).toBeNull();
    expect(parseCidr('fd00::/129')).toBeNull();
    expect(parseCidr('host/8')).toBeNull();
    expect(parseCidr('10.0.0.0/8')).toEqual({ version: 4, base: 10n, bits: 8 });
  });
});
