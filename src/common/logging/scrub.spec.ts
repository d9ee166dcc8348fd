import { scrub, scrubUrl } from './scrub';

describe('scrub', () => {
  it('masks NHS numbers in any common layout', () => {
    expect(scrub('patient 9990000018 and 999 000 0026 and 999-000-0034')).toBe(
      'patient [redacted] and [redacted] and [redacted]',
    );
  });
  it('masks dates, postcodes and database detail values', () => {
    expect(scrub('born 1940-02-03 at CT16 1AA')).toBe('born [date] at [postcode]');
    expect(scrub('Key (family_name)=(Smith) already exists')).toBe('Key (redacted) already exists');
  });
  it('drops query strings and masks identifiers in paths', () => {
    expect(scrubUrl('/api/v1/patients/9990000018?search=Smith')).toBe('/api/v1/patients/[redacted]');
    expect(scrubUrl('/api/v1/patients/999%20000%200018')).toBe('/api/v1/patients/[redacted]');
  });
  it('masks ten-digit runs with any separators, and double-encoded paths', () => {
    for (const s of ['9-9-9-1-0-0-0-0-0-3', '999.100.0003', '999_100_0003', '999+100+0003', '99910 00003']) expect(scrub(`x ${s} y`)).toBe('x [redacted] y');
    expect(scrubUrl('/api/v1/patients/999%2520100%25200003')).toBe('/api/v1/patients/[redacted]');
    expect(scrub('order 12345678901 and 123456789')).toBe('order 12345678901 and 123456789');
  });
});
