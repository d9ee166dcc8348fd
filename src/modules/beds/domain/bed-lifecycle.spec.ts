import { assertCanAdmit, assertCanDecline, assertCanDischarge, bedStatus, changeBedStatus } from './bed-lifecycle';

describe('bed and stay lifecycle', () => {
  it('derives the board status from the stored state and the active stay', () => {
    expect(bedStatus('open', null)).toBe('available');
    expect(bedStatus('open', 'offered')).toBe('reserved');
    expect(bedStatus('open', 'occupied')).toBe('occupied');
    expect(bedStatus('cleaning', null)).toBe('cleaning');
    expect(bedStatus('closed', null)).toBe('closed');
    expect(bedStatus('closed', 'offered')).toBe('closed');
  });

  it('closes, reopens and finishes cleaning', () => {
    expect(changeBedStatus('open', null, 'closed')).toEqual({ state: 'closed', becameFree: false, noop: false });
    expect(changeBedStatus('cleaning', null, 'closed')).toEqual({ state: 'closed', becameFree: false, noop: false });
    expect(changeBedStatus('open', 'offered', 'closed')).toEqual({ state: 'closed', becameFree: false, noop: false });
    expect(changeBedStatus('closed', null, 'closed').noop).toBe(true);
    expect(changeBedStatus('closed', null, 'available')).toEqual({ state: 'open', becameFree: true, noop: false });
    expect(changeBedStatus('closed', 'offered', 'available')).toEqual({ state: 'open', becameFree: false, noop: false });
    expect(changeBedStatus('cleaning', null, 'available')).toEqual({ state: 'open', becameFree: true, noop: false });
    expect(changeBedStatus('open', null, 'available').noop).toBe(true);
  });

  it('refuses to close an occupied bed or make a reserved one available', () => {
    expect(() => changeBedStatus('open', 'occupied', 'closed')).toThrow(expect.objectContaining({ code: 'BED_OCCUPIED' }));
    expect(() => changeBedStatus('open', 'offered', 'available')).toThrow(expect.objectContaining({ code: 'BED_TRANSITION_INVALID' }));
  });

  it('admits only an offer into an open bed, discharges only an admitted stay', () => {
    expect(() => assertCanAdmit('offered', 'open')).not.toThrow();
    expect(() => assertCanAdmit('offered', 'closed')).toThrow(expect.objectContaining({ code: 'BED_CLOSED' }));
    expect(() => assertCanAdmit('occupied', 'open')).toThrow(expect.objectContaining({ code: 'BED_STAY_NOT_OFFERED' }));
    expect(() => assertCanDischarge('occupied')).not.toThrow();
    expect(() => assertCanDischarge('offered')).toThrow(expect.objectContaining({ code: 'BED_STAY_NOT_ADMITTED' }));
    expect(() => assertCanDischarge('declined')).toThrow(expect.objectContaining({ code: 'BED_STAY_NOT_ADMITTED' }));
    expect(() => assertCanDischarge('discharged')).toThrow(expect.objectContaining({ code: 'BED_STAY_DISCHARGED' }));
    expect(() => assertCanDecline('offered')).not.toThrow();
    expect(() => assertCanDecline('occupied')).toThrow(expect.objectContaining({ code: 'BED_STAY_NOT_OFFERED' }));
  });
});
