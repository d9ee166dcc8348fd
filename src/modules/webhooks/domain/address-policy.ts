import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must never connect to (issue 12 item 3), from the IANA special-purpose
 * registries: checked on the RESOLVED address at connect time, not only on the URL's literal.
 * Every IPv6 form that embeds or translates an IPv4 address is refused outright, so
 * `[::127.0.0.1]`, `[::ffff:10.0.0.1]`, NAT64 and 6to4 cannot smuggle a private target.
 */
export const BLOCKED_RANGES: readonly { cidr: string; why: string }[] = [
  { cidr: '0.0.0.0/8', why: 'this network' },
  { cidr: '10.0.0.0/8', why: 'private' },
  { cidr: '100.64.0.0/10', why: 'carrier-grade NAT' },
  { cidr: '127.0.0.0/8', why: 'loopback' },
  { cidr: '169.254.0.0/16', why: 'link-local (cloud metadata)' },
  { cidr: '172.16.0.0/12', why: 'private' },
  { cidr: '192.0.0.0/24', why: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', why: 'documentation' },
  { cidr: '192.88.99.0/24', why: '6to4 relay anycast' },
  { cidr: '192.168.0.0/16', why: 'private' },
  { cidr: '198.18.0.0/15', why: 'benchmarking' },
  { cidr: '198.51.100.0/24', why: 'documentation' },
  { cidr: '203.0.113.0/24', why: 'documentation' },
  { cidr: '224.0.0.0/4', why: 'multicast' },
  { cidr: '240.0.0.0/4', why: 'reserved and broadcast' },
  { cidr: '::/96', why: 'unspecified, loopback and IPv4-compatible' },
  { cidr: '::ffff:0:0/96', why: 'IPv4-mapped' },
  { cidr: '64:ff9b::/96', why: 'NAT64' },
  { cidr: '64:ff9b:1::/48', why: 'local NAT64' },
  { cidr: '100::/64', why: 'discard-only' },
  { cidr: '2001::/23', why: 'IETF protocol assignments (Teredo, benchmarking, ORCHID)' },
  { cidr: '2001:db8::/32', why: 'documentation' },
  { cidr: '2002::/16', why: '6to4' },
  { cidr: 'fc00::/7', why: 'unique local' },
  { cidr: 'fe80::/10', why: 'link-local' },
  { cidr: 'fec0::/10', why: 'site-local (deprecated)' },
  { cidr: 'ff00::/8', why: 'multicast' },
];

// One list per family: a BlockList also matches IPv4 addresses against IPv6 rules (as ::ffff:a.b.c.d).
const blocked = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const { cidr } of BLOCKED_RANGES) {
  const [net, bits] = cidr.split('/');
  const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
  blocked[family].addSubnet(net, Number(bits), family);
}

/** True when `address` (an IP literal, brackets allowed) may be connected to by a webhook. */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 0) return false;
  try {
    const type = family === 6 ? 'ipv6' : 'ipv4';
    return !blocked[type].check(ip, type);
  } catch {
    return false;
  }
}
