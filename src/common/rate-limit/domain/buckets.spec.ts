import { addressBucket, principalBucket } from './buckets';

describe('rate-limit buckets', () => {
  it('keys a user by token subject, hashing very long subjects', () => {
    expect(principalBucket('nav-1')).toBe('sub:nav-1');
    const long = principalBucket('x'.repeat(500));
    expect(long).toMatch(/^sub#[A-Za-z0-9_-]{43}$/);
    expect(long.length).toBeLessThanOrEqual(200);
  });

  it('keys anonymous traffic by IPv4 address, unmapping IPv4-mapped IPv6', () => {
    expect(addressBucket('10.1.2.3')).toBe('ip:10.1.2.3');
    expect(addressBucket('::ffff:127.0.0.1')).toBe('ip:127.0.0.1');
    expect(addressBucket(undefined)).toBe('ip:unknown');
  });

  it('keys IPv6 per /64, however the address is spelt', () => {
    const a = addressBucket('2001:db8:abcd:12::1');
    expect(a).toBe('ip:2001:db8:abcd:12::/64');
    expect(addressBucket('2001:0db8:ABCD:0012:ffff:eeee:dddd:cccc')).toBe(a);
    expect(addressBucket('2001:db8:abcd:13::1')).not.toBe(a);
    expect(addressBucket('::1')).toBe('ip:0:0:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('ip:fe80:0:0:0::/64');
    expect(addressBucket('2001:db8::')).toBe('ip:2001:db8:0:0::/64');
  });
});
