import { inBed, mayRecordOnBedStay, subjectKeys } from './subjects';

const who = (permissions: string[], teams: string[]) => ({ permissions: new Set(permissions), teams });

describe('discharge subjects', () => {
  it('sets exactly one key column', () => {
    expect(subjectKeys({ kind: 'admission', id: 'a' })).toEqual({ admissionId: 'a', bedStayId: null });
    expect(subjectKeys({ kind: 'bed_stay', id: 's' })).toEqual({ admissionId: null, bedStayId: 's' });
  });

  it('is in bed while the admission is inpatient or the stay occupied', () => {
    expect(inBed('admission', 'inpatient')).toBe(true);
    expect(inBed('admission', 'discharged')).toBe(false);
    expect(inBed('bed_stay', 'occupied')).toBe(true);
    for (const s of ['offered', 'discharged', 'declined', 'withdrawn', 'inpatient']) expect(inBed('bed_stay', s)).toBe(false);
  });
});

describe('who may record on a bed stay', () => {
  it('discharge coordinators (admission:write) on any unit', () => {
    expect(mayRecordOnBedStay(who(['admission:write'], ['IDT']), 'BEDS-DD')).toBe(true);
    expect(mayRecordOnBedStay(who(['admission:write'], []), null)).toBe(true);
  });

  it("the unit's own staff: its team's bed managers and clinicians", () => {
    expect(mayRecordOnBedStay(who(['bed:manage'], ['BEDS-DD']), 'BEDS-DD')).toBe(true);
    expect(mayRecordOnBedStay(who(['bed-request:write'], ['X', 'BEDS-DD']), 'BEDS-DD')).toBe(true);
  });

  it('nobody else: another team, or the team without a recording permission', () => {
    expect(mayRecordOnBedStay(who(['bed:manage', 'bed-request:write'], ['BEDS-SF']), 'BEDS-DD')).toBe(false);
    expect(mayRecordOnBedStay(who(['bed:read', 'bed-request:read'], ['BEDS-DD']), 'BEDS-DD')).toBe(false);
    expect(mayRecordOnBedStay(who(['bed:manage'], ['BEDS-DD']), null)).toBe(false);
  });
});
