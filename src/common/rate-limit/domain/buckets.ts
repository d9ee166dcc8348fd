import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';

/** Longest bucket key stored as written; longer subjects are stored as their hash. */
const MAX_KEY = 200;

/** The bucket of an authenticated request: the token's subject (the same person via API or dashboard). */
export function principalBucket(sub: string): string {
  const key = `sub:${sub}`;
  return key.length <= MAX_KEY ? key : `sub#${createHash('sha256').update(sub).digest('base64url')}`;
}

/**
 * The bucket of an unauthenticated request: its client address. IPv4-mapped IPv6 is the IPv4
 * address; other IPv6 addresses count per /64, the block one subscriber gets, so rotating
 * addresses inside it does not buy a fresh budget.
 */
export function addressBucket(ip: string | undefined): string {
  if (!ip) return 'ip:unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  if (!isIPv6(ip)) return `ip:${ip}`;
  return `ip:${ipv6Prefix64(ip)}::/64`;
}

/** The first four 16-bit groups of an IPv6 address, lower-case without leading zeros. */
function ipv6Prefix64(ip: string): string {
  const address = ip.split('%')[0];
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) is two groups; only the first four groups matter here.
  const tailLength = tailGroups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailLength).fill('0'), ...tailGroups];
  return groups
    .slice(0, 4)
    .map((g) => (g.includes('.') ? '0' : Number.parseInt(g || '0', 16).toString(16)))
    .join(':');
}
