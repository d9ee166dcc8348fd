import type { EntityManager } from 'typeorm';
import type { AgendaCandidate } from './domain/agenda';
import type { AgendaQuery, MdtAgendaSource } from './mdt-agenda.registry';

/**
 * Care plans overdue review: the current version of each living patient of the practice whose
 * review date is on or before the meeting. Earliest review date first.
 * (Registered by the MDT module for now; it belongs to care-plans and can move there unchanged.)
 */
export const carePlanOverdueReviewSource: MdtAgendaSource = {
  name: 'care_plans_overdue_review',
  reasons: ['care_plan_overdue_review'],
  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const rows: { patient_id: string; nhs_number: string; review_due_at: Date }[] = await em.query(
      `SELECT cur.patient_id, cur.nhs_number, cur.review_due_at FROM (
         SELECT DISTINCT ON (v.patient_id) v.patient_id, p.nhs_number, v.review_due_at
           FROM patients p JOIN care_plan_versions v ON v.patient_id = p.id
          WHERE p.gp_practice_ods = $1 AND p.deceased_at IS NULL AND p.nhs_number IS NOT NULL
          ORDER BY v.patient_id, v.version DESC) cur
        WHERE cur.review_due_at <= $2`,
      [q.practiceOds, q.meetingStart],
    );
    return rows.map((r) => ({
        patientId: r.patient_id,
        nhsNumber: r.nhs_number,
        reason: 'care_plan_overdue_review' as const,
        priority: r.review_due_at.getTime(),
        detail: `Review was due ${r.review_due_at.toISOString().slice(0, 10)}`,
      }));
  },
};
