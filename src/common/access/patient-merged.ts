import type { EntityManager } from 'typeorm';
import { Conflict } from '../errors/domain-error';

/**
 * The record was merged into another (POST /patients/{nhsNumber}/merge): nothing more is written to
 * it or read from it; the caller is pointed at the surviving NHS number. GET /patients/{old}
 * answers 301 with `mergedInto`; every other use answers 409 PATIENT_MERGED naming it.
 */
export class PatientMerged extends Conflict {
  constructor(readonly mergedInto: string | null) {
    super('PATIENT_MERGED', 'This patient record was merged into another', mergedInto ? `Use NHS number ${mergedInto}` : 'Use the surviving record');
  }
}

export async function patientMerged(em: EntityManager, mergedIntoId: string): Promise<PatientMerged> {
  // Follow a chain of merges to the record that survives.
  const [row]: { nhs_number: string | null }[] = await em.query(
    `WITH RECURSIVE chain(id, nhs_number, merged_into_id, depth) AS (
       SELECT id, nhs_number, merged_into_id, 0 FROM patients WHERE id = $1
       UNION ALL SELECT p.id, p.nhs_number, p.merged_into_id, c.depth + 1 FROM patients p JOIN chain c ON p.id = c.merged_into_id WHERE c.depth < 10)
     SELECT nhs_number FROM chain WHERE merged_into_id IS NULL LIMIT 1`,
    [mergedIntoId],
  );
  return new PatientMerged(row?.nhs_number ?? null);
}
