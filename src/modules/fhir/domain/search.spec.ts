import { searchBundle } from './bundle';
import { capabilityStatement } from './capability';
import { SEARCH_PARAMS, checkParams, matchesDates, nhsNumberFrom, parseDateFilter } from './search';

describe('FHIR date search values', () => {
  const at = (s: string) => s;
  it.each([
    ['2026', '2026-06-01T00:00:00Z', true],
    ['2026-01', '2026-02-01T00:00:00Z', false],
    ['2026-01-31', '2026-01-31T23:59:59Z', true],
    ['ge2026-01-31', '2026-01-31T00:00:00Z', true],
    ['gt2026-01-31', '2026-01-31T23:00:00Z', false],
    ['gt2026-01-31', '2026-02-01T00:00:00Z', true],
    ['lt2026-01-31', '2026-01-30T23:59:59Z', true],
    ['le2026-01-31', '2026-01-31T23:59:59Z', true],
    ['ne2026-01-31', '2026-01-31T12:00:00Z', false],
    ['eq2026-01-31T10:00:00Z', '2026-01-31T10:00:00.000Z', true],
  ])('%s matches %s: %s', (raw, value, expected) => {
    const f = parseDateFilter(raw);
    expect(f).not.toBeNull();
    expect(matchesDates(at(value), [f!])).toBe(expected);
  });

  it.each(['yesterday', '2026-13', '2026-02-30', 'xx2026', '2026-01-01T25:00:00Z'])('rejects %s', (raw) => {
    expect(parseDateFilter(raw)).toBeNull();
  });

  it('a missing value never matches a filter', () => {
    expect(matchesDates(undefined, [parseDateFilter('ge2020')!])).toBe(false);
    expect(matchesDates(undefined, [])).toBe(true);
  });
});

describe('patient parameters', () => {
  it('accepts the NHS number, Patient/<nhs> and the nhs-number system', () => {
    expect(nhsNumberFrom('patient', 'Patient/9990000018')).toBe('9990000018');
    expect(nhsNumberFrom('identifier', 'https://fhir.nhs.uk/Id/nhs-number|999 000 0018')).toBe('9990000018');
  });

  it('refuses another system or a number failing modulus 11', () => {
    expect(() => nhsNumberFrom('identifier', 'urn:other|9990000018')).toThrow('nhs-number');
    expect(() => nhsNumberFrom('patient', '9990000019')).toThrow('not a valid NHS number');
  });
});

describe('checkParams', () => {
  it('allows the type\u2019s parameters and refuses others, unsupported sorts and includes', () => {
    expect(() => checkParams('Encounter', { patient: 'x', _sort: '-date', _include: 'Encounter:patient', _count: 5 })).not.toThrow();
    expect(() => checkParams('Flag', { status: 'active' })).toThrow('Unsupported');
    expect(() => checkParams('ServiceRequest', { _sort: '-date' })).toThrow('Unsupported');
    expect(() => checkParams('Organization', { _include: 'Organization:patient' })).toThrow('Unsupported');
  });
});

describe('searchBundle', () => {
  it('links self and next (same search, next cursor) and marks matches and includes', () => {
    const b = searchBundle({
      selfUrl: '/fhir/R4/Task?patient=9990000018&_cursor=abc',
      base: 'https://h/fhir/R4',
      matches: [{ resourceType: 'Task', id: 't1' }],
      included: [{ resourceType: 'Patient', id: '9990000018' }],
      next: 'def',
    });
    expect(b.link).toEqual([
      { relation: 'self', url: 'https://h/fhir/R4/Task?patient=9990000018&_cursor=abc' },
      { relation: 'next', url: 'https://h/fhir/R4/Task?patient=9990000018&_cursor=def' },
    ]);
    expect(b.entry?.map((e) => [e.fullUrl, e.search.mode])).toEqual([
      ['https://h/fhir/R4/Task/t1', 'match'],
      ['https://h/fhir/R4/Patient/9990000018', 'include'],
    ]);
  });

  it('has no entry and no next link for an empty last page', () => {
    const b = searchBundle({ selfUrl: '/fhir/R4/Flag?patient=1', base: 'b', matches: [], next: null });
    expect(b).not.toHaveProperty('entry');
    expect(b.link.map((l) => l.relation)).toEqual(['self']);
  });
});

describe('capabilityStatement', () => {
  it('lists exactly the searchable types and their parameters', () => {
    const c = capabilityStatement('https://h/fhir/R4', { name: 's', version: '1' }, '2026-01-01T00:00:00.000Z');
    expect(c.rest[0].resource.map((r) => r.type).sort()).toEqual(Object.keys(SEARCH_PARAMS).sort());
    const patient = c.rest[0].resource.find((r) => r.type === 'Patient');
    expect(patient?.searchParam.map((p) => p.name)).toEqual([...SEARCH_PARAMS.Patient]);
  });
});
