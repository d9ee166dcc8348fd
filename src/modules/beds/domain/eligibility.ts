import type { Capability, Direction, Priority, Purpose } from './types';

/** A free bed as the allocation policy sees it. */
export interface BedView {
  id: string;
  unitId: string;
  label: string;
  capabilities: readonly Capability[];
  /** null: the unit takes any purpose. */
  allowedPurposes: readonly Purpose[] | null;
  locality: string;
  /** When the bed last became free (for idle time); null when unknown. */
  freeSince?: Date | null;
}

/** A waiting request as the allocation policy sees it. */
export interface BedRequestView {
  id: string;
  direction: Direction;
  priority: Priority;
  needs: readonly Capability[];
  purpose: Purpose | null;
  requestedAt: Date;
  /** Not to be offered a bed before this (e.g. the patient is not medically optimised yet). */
  earliestAt: Date | null;
  /** Only beds in this unit (optional). */
  unitId: string | null;
  /** Soft: when several beds are free, one here is preferred. */
  preferredLocality: string | null;
  /** Units whose offer was declined for this request: not offered again. */
  excludedUnitIds: readonly string[];
}

/** When the request started waiting for a bed: the later of its arrival and its earliest date. */
export function waitingSince(r: Pick<BedRequestView, 'requestedAt' | 'earliestAt'>): Date {
  return r.earliestAt && r.earliestAt > r.requestedAt ? r.earliestAt : r.requestedAt;
}

/** Every need is one of the bed's capabilities. */
export function covers(capabilities: readonly Capability[], needs: readonly Capability[]): boolean {
  return needs.every((n) => capabilities.includes(n));
}

/** The needs the bed lacks (for error messages). */
export function missingCapabilities(capabilities: readonly Capability[], needs: readonly Capability[]): Capability[] {
  return needs.filter((n) => !capabilities.includes(n));
}

/** The unit accepts the request's purpose (units without a restriction accept anything). */
export function purposeAllowed(allowedPurposes: readonly Purpose[] | null, purpose: Purpose | null): boolean {
  if (allowedPurposes === null) return true;
  return purpose !== null && allowedPurposes.includes(purpose);
}

/** May this bed be offered to this request now? */
export function isEligible(r: BedRequestView, bed: BedView, now: Date): boolean {
  if (r.earliestAt && r.earliestAt > now) return false;
  if (r.unitId !== null && r.unitId !== bed.unitId) return false;
  if (r.excludedUnitIds.includes(bed.unitId)) return false;
  if (!purposeAllowed(bed.allowedPurposes, r.purpose)) return false;
  return covers(bed.capabilities, r.needs);
}
