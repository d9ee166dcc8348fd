/**
 * Whose discharge the workspace records: a hospital admission, or a stay in a community
 * (step-up / step-down) bed. The same rules (ready for transfer, criteria to reside and the
 * Discharge Ready Date, pathway, coded delays) apply to both; only who may record differs.
 * Pure: no Nest, no database.
 */

export const SUBJECT_KINDS = ['admission', 'bed_stay'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface Subject {
  kind: SubjectKind;
  id: string;
}

/** The subject as the two nullable key columns of the discharge tables (exactly one is set; a CHECK holds it). */
export function subjectKeys(s: Subject): { admissionId: string | null; bedStayId: string | null } {
  return s.kind === 'admission' ? { admissionId: s.id, bedStayId: null } : { admissionId: null, bedStayId: s.id };
}

/** Whether the subject is still in its bed, i.e. the workspace may change (an admission `inpatient`, a stay `occupied`). */
export function inBed(kind: SubjectKind, status: string): boolean {
  return kind === 'admission' ? status === 'inpatient' : status === 'occupied';
}

/**
 * Who may record discharge readiness on a community bed stay: whoever may record it on a hospital
 * admission (`admission:write`, discharge coordinators, for any patient the access gate opens), or
 * the bed unit's own staff: a member of the team that runs the unit holding `bed:manage` or
 * `bed-request:write` (the unit's bed managers and clinicians).
 */
export function mayRecordOnBedStay(principal: { permissions: ReadonlySet<string>; teams: readonly string[] }, unitTeamCode: string | null): boolean {
  if (principal.permissions.has('admission:write')) return true;
  const unitStaff = unitTeamCode !== null && principal.teams.includes(unitTeamCode);
  return unitStaff && (principal.permissions.has('bed:manage') || principal.permissions.has('bed-request:write'));
}
