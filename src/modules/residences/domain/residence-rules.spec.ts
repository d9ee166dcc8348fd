import { decideMove, isResidentialAdmission, residenceAfterBedStay, residenceAfterHospitalDischarge } from './residence-rules';

describe('residence history', () => {
  const home = { kind: 'home' as const, careHomeOds: null, fromDate: '2026-01-01', toDate: null };

  it('a first residence opens; the same place again changes nothing', () => {
    expect(decideMove(null, { kind: 'home', careHomeOds: null }, '2026-02-01')).toEqual({ action: 'move', closeCurrentOn: null });
    expect(decideMove(home, { kind: 'home', careHomeOds: null }, '2026-02-01')).toEqual({ action: 'none' });
  });

  it('a move closes the current period the day the new one starts; never before it began', () => {
    expect(decideMove(home, { kind: 'care_home', careHomeOds: 'VM001' }, '2026-03-01')).toEqual({ action: 'move', closeCurrentOn: '2026-03-01' });
    expect(decideMove(home, { kind: 'care_home', careHomeOds: null }, '2025-12-31')).toMatchObject({ action: 'reject' });
    // Moving between care homes is a move too.
    expect(decideMove({ ...home, kind: 'care_home', careHomeOds: 'VM001' }, { kind: 'care_home', careHomeOds: 'VM002' }, '2026-03-01')).toMatchObject({ action: 'move' });
  });

  it('residential admissions are moves into a care home from anywhere else', () => {
    expect(isResidentialAdmission('home', 'care_home')).toBe(true);
    expect(isResidentialAdmission(null, 'care_home')).toBe(true);
    expect(isResidentialAdmission('care_home', 'care_home')).toBe(false);
    expect(isResidentialAdmission('care_home', 'home')).toBe(false);
  });

  it('discharges to a new care home (hospital) or a care home (community bed) move the person', () => {
    expect(residenceAfterHospitalDischarge('care_home_new')).toBe('care_home');
    expect(residenceAfterHospitalDischarge('usual_residence')).toBeNull();
    expect(residenceAfterHospitalDischarge('step_down_bed')).toBeNull();
    expect(residenceAfterBedStay('care_home')).toBe('care_home');
    expect(residenceAfterBedStay('usual_residence')).toBeNull();
  });
});
