import { BedClosed, BedOccupied, BedStayDischarged, BedStayNotAdmitted, BedStayNotOffered, BedTransitionInvalid } from '../beds.errors';
import type { BedState, BedStatus, StayStatus } from './types';

export type ActiveStay = 'offered' | 'occupied' | null;

/** The status the bed board shows: the stored state, refined by the bed's active stay. */
export function bedStatus(state: BedState, activeStay: ActiveStay): BedStatus {
  if (state === 'closed') return 'closed';
  if (activeStay === 'occupied') return 'occupied';
  if (state === 'cleaning') return 'cleaning';
  if (activeStay === 'offered') return 'reserved';
  return 'available';
}

export interface BedChange {
  state: BedState;
  /** The bed can now take someone (the allocator must run). */
  becameFree: boolean;
  /** Nothing changed. */
  noop: boolean;
}

/**
 * PATCH /beds/{id} { status }: close (from available, cleaning or reserved; an offer on a closed
 * bed stands but cannot be admitted until it reopens or is declined), reopen a closed bed, or
 * finish cleaning. An occupied bed is discharged first, never closed under someone.
 */
export function changeBedStatus(state: BedState, activeStay: ActiveStay, to: 'available' | 'closed'): BedChange {
  const current = bedStatus(state, activeStay);
  if (to === 'closed') {
    if (current === 'occupied') throw new BedOccupied('Discharge the stay before closing the bed');
    return { state: 'closed', becameFree: false, noop: state === 'closed' };
  }
  if (state === 'open') {
    if (current === 'available') return { state: 'open', becameFree: false, noop: true };
    throw new BedTransitionInvalid(`The bed is ${current}; it becomes available when its stay ends`);
  }
  return { state: 'open', becameFree: activeStay === null, noop: false };
}

/** Admit: only an open offer, and never into a closed bed. */
export function assertCanAdmit(stay: StayStatus, bedState: BedState): void {
  if (stay !== 'offered') throw new BedStayNotOffered(`The stay is ${stay}; only an offered stay can be admitted`);
  if (bedState === 'closed') throw new BedClosed('Reopen the bed (PATCH /beds/{id}) or decline the offer');
}

/** Discharge: only a stay that was admitted and is still in its bed. */
export function assertCanDischarge(stay: StayStatus): void {
  if (stay === 'discharged') throw new BedStayDischarged('The stay has already been discharged');
  if (stay !== 'occupied') throw new BedStayNotAdmitted(`The stay is ${stay}; only an admitted (occupied) stay can be discharged`);
}

/** Decline: only an open offer. */
export function assertCanDecline(stay: StayStatus): void {
  if (stay !== 'offered') throw new BedStayNotOffered(`The stay is ${stay}; only an offered stay can be declined`);
}
