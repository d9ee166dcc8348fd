import { conflictsWith, overlaps, quorum } from './quorum';

const r = (s: string, e: string) => ({ start: new Date(`2026-03-03T${s}:00Z`), end: new Date(`2026-03-03T${e}:00Z`) });

describe('quorum', () => {
  it('is quorate when every core role is present, whatever the case or spacing', () => {
    expect(quorum(['gp', 'community_nurse'], ['GP', 'Community Nurse', 'pharmacist'])).toEqual({ quorate: true, missingRoles: [] });
  });
  it('lists missing roles in the order of the core roles, once each', () => {
    expect(quorum(['gp', 'social_care', 'gp', 'mental_health'], ['pharmacist'])).toEqual({ quorate: false, missingRoles: ['gp', 'social_care', 'mental_health'] });
  });
  it('no core roles: always quorate', () => {
    expect(quorum([], [])).toEqual({ quorate: true, missingRoles: [] });
  });
});

describe('conflicts', () => {
  it('half-open ranges: back to back is not a clash, any overlap is', () => {
    expect(overlaps(r('13:00', '14:00'), r('14:00', '15:00'))).toBe(false);
    expect(overlaps(r('13:00', '14:00'), r('13:59', '15:00'))).toBe(true);
    expect(overlaps(r('13:00', '16:00'), r('14:00', '15:00'))).toBe(true);
    expect(overlaps(r('14:00', '15:00'), r('13:00', '16:00'))).toBe(true);
  });
  it('returns the clashing bookings', () => {
    const booked = [{ id: 'a', ...r('09:00', '10:00') }, { id: 'b', ...r('12:30', '13:30') }];
    expect(conflictsWith(r('13:00', '14:00'), booked).map((b) => b.id)).toEqual(['b']);
  });
});
