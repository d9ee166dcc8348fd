/**
 * THE list of patient-linked tables, in one place: merging a duplicate record moves every row of
 * every `move` table to the surviving record in one transaction. A capability that adds a table
 * with a patient_id adds it here (the merge e2e test compares this list with every foreign key to
 * patients(id) in the migrated schema, and fails on one that is missing).
 */
export interface PatientLinkedTable {
  table: string;
  column: string;
  /**
   * move: the rows now belong to the survivor. keep: history that stays as it happened (the audit
   * trail says which record was read; the merge itself is audited with both).
   */
  mode: 'move' | 'keep';
  /** Extra columns set on moved rows (denormalised copies of the survivor's NHS number). */
  alsoSet?: Record<string, 'survivor_nhs_number'>;
}

export const PATIENT_LINKED_TABLES: readonly PatientLinkedTable[] = [
  { table: 'referrals', column: 'patient_id', mode: 'move' },
  { table: 'tasks', column: 'patient_id', mode: 'move' },
  { table: 'alerts', column: 'patient_id', mode: 'move' },
  { table: 'admissions', column: 'patient_id', mode: 'move' },
  { table: 'bed_requests', column: 'patient_id', mode: 'move' },
  { table: 'bed_stays', column: 'patient_id', mode: 'move' },
  { table: 'care_plan_versions', column: 'patient_id', mode: 'move' },
  { table: 'care_plan_agreements', column: 'patient_id', mode: 'move' },
  { table: 'care_plan_consents', column: 'patient_id', mode: 'move' },
  { table: 'proactive_care_episodes', column: 'patient_id', mode: 'move' },
  { table: 'risk_scores', column: 'patient_id', mode: 'move' },
  { table: 'risk_latest', column: 'patient_id', mode: 'move', alsoSet: { nhs_number: 'survivor_nhs_number' } },
  { table: 'mdt_agenda_items', column: 'patient_id', mode: 'move' },
  { table: 'mdt_outcomes', column: 'patient_id', mode: 'move' },
  { table: 'patient_involvements', column: 'patient_id', mode: 'move' },
  { table: 'ae_attendances', column: 'patient_id', mode: 'move' },
  { table: 'patient_residences', column: 'patient_id', mode: 'move' },
  { table: 'reablement_starts', column: 'patient_id', mode: 'move' },
  { table: 'audit_events', column: 'patient_id', mode: 'keep' },
  { table: 'patients', column: 'merged_into_id', mode: 'keep' },
];

/**
 * What cannot be merged without a person deciding: both records hold something there may be only
 * one of. `where` restricts both sides (alias a = survivor, b = duplicate); `sameKey` makes it a
 * conflict only when both rows share that column (the same meeting, the same hospital stay).
 */
export interface MergeConflictCheck {
  name: string;
  table: string;
  where?: (alias: string) => string;
  sameKey?: string[];
}

export const MERGE_CONFLICT_CHECKS: readonly MergeConflictCheck[] = [
  { name: 'open Pro-Active Care episode on both records', table: 'proactive_care_episodes', where: (x) => `${x}.status NOT IN ('completed', 'declined', 'withdrawn')` },
  { name: 'a care plan on both records', table: 'care_plan_versions' },
  { name: 'open bed request on both records', table: 'bed_requests', where: (x) => `${x}.status IN ('waiting', 'offered')` },
  { name: 'active bed stay on both records', table: 'bed_stays', where: (x) => `${x}.status IN ('offered', 'occupied')` },
  { name: 'current hospital admission on both records', table: 'admissions', where: (x) => `${x}.status = 'inpatient'` },
  { name: 'the same hospital admission on both records', table: 'admissions', sameKey: ['hospital_ods', 'admitted_at'] },
  { name: 'both records on the same MDT agenda', table: 'mdt_agenda_items', sameKey: ['meeting_id'] },
  { name: 'an outcome for both records at the same MDT meeting', table: 'mdt_outcomes', sameKey: ['meeting_id'] },
  { name: 'residence history on both records', table: 'patient_residences' },
  { name: 'risk scores for both records from the same run', table: 'risk_scores', sameKey: ['model', 'computed_at'] },
];
