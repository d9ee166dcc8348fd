import { ageOn, isRealDate, parseSearch, searchScope } from './search-terms';

describe('parseSearch', () => {
  it('recognises an NHS number in any layout', () => {
    expect(parseSearch({ search: '943 476 5919' })).toEqual({ kind: 'nhs', nhsNumber: '9434765919' });
  });
  it('recognises family name and date of birth in either order', () => {
    expect(parseSearch({ search: "O'Brien 1944-02-29" })).toEqual({ kind: 'name_dob', familyName: "O'Brien", dateOfBirth: '1944-02-29' });
    expect(parseSearch({ search: '1950-01-31, van der Berg' })).toEqual({ kind: 'name_dob', familyName: 'van der Berg', dateOfBirth: '1950-01-31' });
  });
  it('refuses a name alone, a bad date, or an invalid NHS number', () => {
    expect(parseSearch({ search: 'Smith' })).toBeNull();
    expect(parseSearch({ search: 'Smith 1950-02-30' })).toBeNull();
    expect(parseSearch({ search: '9434765918' })).toBeNull();
    expect(parseSearch({})).toBeNull();
  });
  it('accepts separate parameters', () => {
    expect(parseSearch({ familyName: 'Smith', dateOfBirth: '1950-01-31' })).toEqual({ kind: 'name_dob', familyName: 'Smith', dateOfBirth: '1950-01-31' });
  });
});

describe('dates', () => {
  it('knows real dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
  });
  it('computes age in whole years around the birthday', () => {
    expect(ageOn('1950-06-15', new Date('2026-06-14T12:00:00Z'))).toBe(75);
    expect(ageOn('1950-06-15', new Date('2026-06-15T00:00:00Z'))).toBe(76);
  });
});

describe('searchScope', () => {
  const READ_ANY = 'patient:read-any';
  it('read-any roles search everyone; practice staff only their practice; anyone else nobody', () => {
    expect(searchScope({ permissions: new Set([READ_ANY]), org: 'P1' }, READ_ANY)).toEqual({ kind: 'all' });
    expect(searchScope({ permissions: new Set(['patient:search']), org: 'P00001' }, READ_ANY)).toEqual({ kind: 'practice', practiceOds: 'P00001' });
    expect(searchScope({ permissions: new Set(['patient:search']) }, READ_ANY)).toBeNull();
  });
});
