import { agendaSource } from '../mdt/mdt-agenda.registry';
import { CarePlansForMdtRepository } from './for-mdt.repository';

/** MDT agenda: care plans overdue review by the meeting, earliest review date first. */
export const CarePlanOverdueReviewAgendaSource = agendaSource({
  className: 'CarePlanOverdueReviewAgendaSource',
  name: 'care_plans_overdue_review',
  reasons: ['care_plan_overdue_review'],
  reader: CarePlansForMdtRepository,
  rows: (plans, em, q) => plans.dueReview(em, q.practiceOds, q.meetingStart),
  propose: (r) => ({
    reason: 'care_plan_overdue_review',
    priority: r.reviewDueAt.getTime(),
    detail: `Review was due ${r.reviewDueAt.toISOString().slice(0, 10)}`,
  }),
});
