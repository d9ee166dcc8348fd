import type { PdsCandidate } from './pds-fhir';
import { candidatesText, decideTrace } from './trace-decision';

const c = (nhsNumber: string, score: number, dateOfBirth = '1940-12-10'): PdsCandidate => ({
  nhsNumber,
  score,
  dateOfBirth,
  familyName: 'Lovelace',
  givenName: 'Ada',
  sex: 'female',
  postcode: 'CT16 1AA',
  addressLines: [],
  gpPracticeOds: 'G82001',
  deceasedAt: null,
});
const local = { dateOfBirth: '1940-12-10' };

describe('decideTrace', () => {
  it('attaches one strong candidate with our date of birth', () => {
    expect(decideTrace([c('9990000018', 0.99), c('9990000026', 0.5)], local, 0.95)).toEqual({ kind: 'unique', match: c('9990000018', 0.99) });
  });

  it('never attaches two strong candidates (twins, duplicates at PDS)', () => {
    expect(decideTrace([c('9990000018', 0.97), c('9990000026', 0.99)], local, 0.95)).toMatchObject({ kind: 'ambiguous', candidates: [{ nhsNumber: '9990000026' }, { nhsNumber: '9990000018' }] });
  });

  it('never attaches a candidate below the threshold, nor a strong one born another day', () => {
    expect(decideTrace([c('9990000018', 0.94)], local, 0.95).kind).toBe('ambiguous');
    expect(decideTrace([c('9990000018', 1, '1941-12-10')], local, 0.95).kind).toBe('ambiguous');
  });

  it('says no match when PDS found nobody', () => {
    expect(decideTrace([], local, 0.95)).toEqual({ kind: 'no_match', candidates: [] });
    expect(candidatesText([])).toMatch(/no candidate/);
    expect(candidatesText([c('9990000018', 0.9)])).toMatch(/9990000018 score 0.90/);
  });
});
