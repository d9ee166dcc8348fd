import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An admission of a practice's patient that began or ended in an MDT's look-back window. */
export interface AdmissionForAgenda {
  patientId: string;
  nhsNumber: string;
  admittedAt: Date;
  dischargedAt: Date | null;
}

/**
 * Admissions of the practice's (`$1`) living, NHS-numbered patients known to a team that began or
 * ended in ($2, $3]. The practice's patients come index-only from
 * idx_patients_living_numbered_practice and the time ranges from idx_admissions_admitted_at and
 * idx_admissions_discharged_at (migration 1796600000000, hazard H18-8).
 */
export const ADMITTED_OR_DISCHARGED = `SELECT a.patient_id, p.nhs_number, a.admitted_at, a.discharged_at
  FROM patients p JOIN admissions a ON a.patient_id = p.id
  WHERE p.gp_practice_ods = $1 AND p.deceased_at IS NULL AND p.nhs_number IS NOT NULL AND jsonb_array_length(a.known_to) > 0
    AND ((a.admitted_at > $2 AND a.admitted_at <= $3) OR (a.discharged_at > $2 AND a.discharged_at <= $3))`;

/** What the admissions module offers to MDT: the data behind its agenda source. */
@Injectable()
export class AdmissionsForMdtRepository {
  /**
   * Admitted or discharged in (since, until], for living, NHS-numbered patients registered with the
   * practice. Only admissions of patients known to a team (the admission's stored involvement,
   * `known_to`): registration at the practice alone is access, not involvement, and would list every
   * admission of the practice.
   */
  async admittedOrDischarged(em: EntityManager, practiceOds: string, since: Date, until: Date): Promise<AdmissionForAgenda[]> {
    const rows: { patient_id: string; nhs_number: string; admitted_at: Date; discharged_at: Date | null }[] = await em.query(
      ADMITTED_OR_DISCHARGED,
      [practiceOds, since, until],
    );
    return rows.map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, admittedAt: r.admitted_at, dischargedAt: r.discharged_at }));
  }
}
