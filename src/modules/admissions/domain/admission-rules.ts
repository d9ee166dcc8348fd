export const ADMISSION_METHODS = ['emergency', 'elective'] as const;
export type AdmissionMethod = (typeof ADMISSION_METHODS)[number];

/** `cancelled`: the hospital cancelled the admission (entered in error, HL7 A11); it no longer counts. */
export const ADMISSION_STATUSES = ['inpatient', 'discharged', 'cancelled'] as const;
export type AdmissionStatus = (typeof ADMISSION_STATUSES)[number];

export const DELAY_REASONS = [
  'patient_choice',
  'awaiting_equipment',
  'awaiting_care_home',
  'awaiting_package_of_care',
  'awaiting_community_bed',
  'awaiting_assessment',
  'other',
] as const;
export type DelayReason = (typeof DELAY_REASONS)[number];

export const DISCHARGE_DESTINATIONS = ['usual_residence', 'step_down_bed', 'care_home_new', 'other_hospital', 'died', 'other'] as const;
export type DischargeDestination = (typeof DISCHARGE_DESTINATIONS)[number];

/** Organisation types that can admit a patient. */
export const HOSPITAL_TYPES = ['acute_trust', 'community_trust', 'mental_health_trust'] as const;

/** Times a little ahead of our clock are accepted (clock skew between systems); further ahead is an error. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

const DAY_MS = 86_400_000;
const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in England. */
export function localDate(at: Date): string {
  return londonDay.format(at);
}

/**
 * Delayed days (DTOC days): calendar days in England from the day the patient was medically
 * optimised to the day of discharge (or `until`, for a patient still waiting). Medically optimised
 * and discharged the same day is 0; optimised on Monday and discharged on Thursday is 3.
 */
export function delayedDays(medicallyOptimisedAt: Date | null, until: Date): number {
  if (!medicallyOptimisedAt) return 0;
  const from = Date.parse(`${localDate(medicallyOptimisedAt)}T00:00:00Z`);
  const to = Date.parse(`${localDate(until)}T00:00:00Z`);
  return Math.max(0, Math.round((to - from) / DAY_MS));
}

/** An emergency admission within `windowDays` after the patient's last discharge is a readmission. */
export function isReadmission(method: AdmissionMethod, admittedAt: Date, lastDischargedAt: Date | null, windowDays: number): boolean {
  if (method !== 'emergency' || !lastDischargedAt) return false;
  const gap = admittedAt.getTime() - lastDischargedAt.getTime();
  return gap >= 0 && gap <= windowDays * DAY_MS;
}

/** Why `at` cannot be recorded against an admission (null when it can). */
export function timeProblem(at: Date, admittedAt: Date, now: Date, after?: { at: Date | null; what: string }): string | null {
  if (Number.isNaN(at.getTime())) return 'is not a real time';
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return 'is in the future';
  if (at < admittedAt) return 'is before the admission';
  if (after?.at && at < after.at) return `is before ${after.what}`;
  return null;
}

/** The estimated discharge date (YYYY-MM-DD) cannot be before the day of admission. */
export function estimatedDateProblem(date: string, admittedAt: Date): string | null {
  return date < localDate(admittedAt) ? 'is before the day of admission' : null;
}

/** `knownTo` as the admission answers it: one entry per (team, relationship), sorted. */
export function knownToPairs(relationships: readonly { teamCode: string; relationship: string }[]): { teamCode: string; relationship: string }[] {
  const seen = new Map<string, { teamCode: string; relationship: string }>();
  for (const r of relationships) seen.set(`${r.teamCode}\u0000${r.relationship}`, { teamCode: r.teamCode, relationship: r.relationship });
  return [...seen.values()].sort((a, b) => a.teamCode.localeCompare(b.teamCode) || a.relationship.localeCompare(b.relationship));
}

/** No follow-up visit is arranged for a patient who died in hospital. */
export function needsFollowUp(destination: DischargeDestination): boolean {
  return destination !== 'died';
}
