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
});
