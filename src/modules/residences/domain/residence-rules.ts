/**
 * Where a person lives, over time (`patient_residences`): home, or a care home (long-term, with the
 * home's ODS code when known). Pure rules; the service writes them.
 */
export const RESIDENCE_KINDS = ['home', 'care_home'] as const;
export type ResidenceKind = (typeof RESIDENCE_KINDS)[number];

export const RESIDENCE_SOURCES = ['hospital_discharge', 'bed_stay_discharge', 'update'] as const;
export type ResidenceSource = (typeof RESIDENCE_SOURCES)[number];

export const REABLEMENT_SETTINGS = ['home', 'bed'] as const;
export type ReablementSetting = (typeof REABLEMENT_SETTINGS)[number];

export interface Residence {
  kind: ResidenceKind;
  careHomeOds: string | null;
  fromDate: string;
  toDate: string | null;
}

export type MoveDecision = { action: 'none' } | { action: 'move'; closeCurrentOn: string | null } | { action: 'reject'; message: string };

/**
 * What a move to `next` from `fromDate` does to the current (open) residence: nothing when it is
 * the same place; otherwise the current period ends the day the new one starts. A move dated
 * before the current period began is refused (history is corrected with an explicit update, not
 * by rewriting the past silently).
 */
export function decideMove(current: Residence | null, next: { kind: ResidenceKind; careHomeOds: string | null }, fromDate: string): MoveDecision {
  if (!current) return { action: 'move', closeCurrentOn: null };
  if (current.kind === next.kind && (current.careHomeOds ?? null) === (next.careHomeOds ?? null)) return { action: 'none' };
  if (fromDate < current.fromDate) return { action: 'reject', message: `is before the current residence began (${current.fromDate})` };
  return { action: 'move', closeCurrentOn: fromDate };
}

/** A move into a care home from anywhere but another care home is a (permanent) residential admission. */
export function isResidentialAdmission(previous: ResidenceKind | null, next: ResidenceKind): boolean {
  return next === 'care_home' && previous !== 'care_home';
}

/** Hospital discharge destinations that change where a person lives. */
export function residenceAfterHospitalDischarge(destination: string): ResidenceKind | null {
  return destination === 'care_home_new' ? 'care_home' : null;
}

/** Bed-stay (step-down/step-up) discharge destinations that change where a person lives. */
export function residenceAfterBedStay(destination: string): ResidenceKind | null {
  return destination === 'care_home' ? 'care_home' : null;
}
