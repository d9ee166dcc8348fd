import { recheckChanges } from './recheck';

describe('recheckChanges (PDS re-check of a living patient)', () => {
  const record = { gpPracticeOds: 'P00001' };
  it('takes a death and a move to a known practice from PDS', () => {
    expect(recheckChanges(record, { deceasedAt: '2026-10-01T08:30:00Z', gpPracticeOds: 'P00002' }, true)).toEqual({
      death: '2026-10-01T08:30:00Z',
      practice: 'P00002',
      unknownPractice: null,
      numberUnknown: false,
    });
  });
  it('changes nothing when PDS agrees, or names no practice', () => {
    const none = { death: null, practice: null, unknownPractice: null, numberUnknown: false };
    expect(recheckChanges(record, { deceasedAt: null, gpPracticeOds: 'P00001' }, true)).toEqual(none);
    expect(recheckChanges(record, { deceasedAt: null, gpPracticeOds: null }, false)).toEqual(none);
  });
  it('asks a person when PDS names a practice we do not know, or does not know the number', () => {
    expect(recheckChanges(record, { deceasedAt: null, gpPracticeOds: 'Z12345' }, false)).toMatchObject({ practice: null, unknownPractice: 'Z12345' });
    expect(recheckChanges(record, null, false)).toEqual({ death: null, practice: null, unknownPractice: null, numberUnknown: true });
  });
});
