import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A patient whose current care plan version is due review. */
export interface PlanDueReview {
  patientId: string;
  nhsNumber: string;
  reviewDueAt: Date;
}

/** What the care-plans module offers to MDT: the data behind its agenda source. */
@Injectable()
export class CarePlansForMdtRepository {
  /** The current version of each living, NHS-numbered patient of the practice whose review date is on or before `by`. */
  async dueReview(em: EntityManager, practiceOds: string, by: Date): Promise<PlanDueReview[]> {
    const rows: { patient_id: string; nhs_number: string; review_due_at: Date }[] = await em.query(
      `SELECT cur.patient_id, cur.nhs_number, cur.review_due_at FROM (
         SELECT DISTINCT ON (v.patient_id) v.patient_id, p.nhs_number, v.review_due_at
           FROM patients p JOIN care_plan_versions v ON v.patient_id = p.id
          WHERE p.gp_practice_ods = $1 AND p.deceased_at IS NULL AND p.nhs_number IS NOT NULL
          ORDER BY v.patient_id, v.version DESC) cur
        WHERE cur.review_due_at <= $2`,
      [practiceOds, by],
    );
    return rows.map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, reviewDueAt: r.review_due_at }));
  }
}
