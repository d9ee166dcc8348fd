import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PatientEntity } from '../../modules/patients/patient.entity';

/**
 * How the access gate finds the patient it decides about (`patients` is identity data every module
 * may read; the patients module writes it). Exported so a capability that holds a patient id (an
 * episode's, a stay's) loads the record the same way before opening it through the gate.
 */
@Injectable()
export class PatientAccessRepository {
  /** The record with this NHS number (row-locked FOR UPDATE when `lock`), or null. */
  byNhsNumber(em: EntityManager, nhsNumber: string, lock = false): Promise<PatientEntity | null> {
    return em.findOne(PatientEntity, { where: { nhsNumber }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
  }

  /** The record with this id (it must exist: ids come from rows that reference it). */
  byId(em: EntityManager, id: string): Promise<PatientEntity> {
    return em.findOneByOrFail(PatientEntity, { id });
  }

  /** The NHS number of the record that survives a chain of merges starting at `mergedIntoId` (null when it has none). */
  async survivingNhsNumber(em: EntityManager, mergedIntoId: string): Promise<string | null> {
    const [row]: { nhs_number: string | null }[] = await em.query(
      `WITH RECURSIVE chain(id, nhs_number, merged_into_id, depth) AS (
         SELECT id, nhs_number, merged_into_id, 0 FROM patients WHERE id = $1
         UNION ALL SELECT p.id, p.nhs_number, p.merged_into_id, c.depth + 1 FROM patients p JOIN chain c ON p.id = c.merged_into_id WHERE c.depth < 10)
       SELECT nhs_number FROM chain WHERE merged_into_id IS NULL LIMIT 1`,
      [mergedIntoId],
    );
    return row?.nhs_number ?? null;
  }
}
