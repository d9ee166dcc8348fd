import type { EntityManager } from 'typeorm';
import type { AgendaCandidate } from './domain/agenda';
import type { AgendaQuery, MdtAgendaSource } from './mdt-agenda.registry';

/**
 * The live-data agenda sources besides care plans (care-plan-agenda.source.ts). Each answers for
 * the living, NHS-numbered patients registered with the meeting's practice, from indexed queries.
 */

const CLOSED_EPISODE = `('completed', 'declined', 'withdrawn')`;
/** The first meeting of a practice looks back this far for admissions and discharges. */
export const FIRST_MEETING_LOOKBACK_DAYS = 31;
/** Highest-risk candidates: the practice's top share by latest score (NHS England's case-management register: 2%), at most this many. */
export const HIGH_RISK_SHARE = 0.02;
export const HIGH_RISK_MAX = 50;

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Admitted or discharged in (since, meetingStart], earliest event first. Only admissions of patients
 * known to a team (the admission's stored involvement, `known_to`): registration at the practice
 * alone is access, not involvement, and would list every admission of the practice.
 */
export const admissionsSource: MdtAgendaSource = {
  name: 'admissions_since_last_meeting',
  reasons: ['admitted_or_discharged'],
  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const since = q.since ?? new Date(q.meetingStart.getTime() - FIRST_MEETING_LOOKBACK_DAYS * 86_400_000);
    const rows: { patient_id: string; nhs_number: string; admitted_at: Date; discharged_at: Date | null; in_window_admit: boolean }[] = await em.query(
      `SELECT a.patient_id, p.nhs_number, a.admitted_at, a.discharged_at, (a.admitted_at > $2 AND a.admitted_at <= $3) AS in_window_admit
         FROM patients p JOIN admissions a ON a.patient_id = p.id
        WHERE p.gp_practice_ods = $1 AND p.deceased_at IS NULL AND p.nhs_number IS NOT NULL AND jsonb_array_length(a.known_to) > 0
          AND ((a.admitted_at > $2 AND a.admitted_at <= $3) OR (a.discharged_at > $2 AND a.discharged_at <= $3))`,
      [q.practiceOds, since, q.meetingStart],
    );
    return rows.map((r) => {
      const discharged = r.discharged_at && r.discharged_at > since && r.discharged_at <= q.meetingStart;
      const at = discharged ? (r.discharged_at as Date) : r.admitted_at;
      return {
        patientId: r.patient_id,
        nhsNumber: r.nhs_number,
        reason: 'admitted_or_discharged' as const,
        priority: at.getTime(),
        detail: discharged ? `Discharged ${day(at)}` : `Admitted ${day(at)}`,
      };
    });
  },
};

/** Episodes awaiting joint assessment or plan agreement, and 12-week reviews due by the meeting. */
export const episodesSource: MdtAgendaSource = {
  name: 'proactive_care_episodes',
  reasons: ['episode_awaiting_assessment_or_agreement', 'twelve_week_review_due'],
  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const rows: { patient_id: string; nhs_number: string; status: string; status_changed_at: Date; planned_end_at: Date | null }[] = await em.query(
      `SELECT e.patient_id, p.nhs_number, e.status, e.status_changed_at, e.planned_end_at
         FROM proactive_care_episodes e JOIN patients p ON p.id = e.patient_id
        WHERE p.gp_practice_ods = $1 AND p.deceased_at IS NULL AND p.nhs_number IS NOT NULL
          AND (e.status IN ('assessment', 'mdt_review') OR (e.status IN ('active', 'review_due') AND e.planned_end_at <= $2))`,
      [q.practiceOds, q.meetingStart],
    );
    return rows.map((r) =>
      r.status === 'assessment' || r.status === 'mdt_review'
        ? {
            patientId: r.patient_id,
            nhsNumber: r.nhs_number,
            reason: 'episode_awaiting_assessment_or_agreement' as const,
            priority: r.status_changed_at.getTime(),
            detail: r.status === 'assessment' ? `Joint assessment since ${day(r.status_changed_at)}` : `Plan agreement awaited since ${day(r.status_changed_at)}`,
          }
        : {
            patientId: r.patient_id,
            nhsNumber: r.nhs_number,
            reason: 'twelve_week_review_due' as const,
            priority: (r.planned_end_at as Date).getTime(),
            detail: `12-week review due ${day(r.planned_end_at as Date)}`,
          },
    );
  },
};

/** The practice's highest-risk patients by latest score, not in an open Pro-Active Care episode. */
export const highRiskSource: MdtAgendaSource = {
  name: 'high_risk_not_enrolled',
  reasons: ['high_risk_not_enrolled'],
  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const rows: { patient_id: string; nhs_number: string; score: number; model: string }[] = await em.query(
      `WITH ranked AS (
         SELECT l.patient_id, l.nhs_number, l.score, l.model, row_number() OVER (ORDER BY l.score DESC, l.nhs_number) AS rn, count(*) OVER () AS n
           FROM risk_latest l WHERE l.practice_ods = $1)
       SELECT r.patient_id, r.nhs_number, r.score, r.model FROM ranked r JOIN patients p ON p.id = r.patient_id
        WHERE r.rn <= GREATEST(1, ceil(r.n * $2::float8)) AND r.rn <= $3 AND p.deceased_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM proactive_care_episodes e WHERE e.patient_id = r.patient_id AND e.status NOT IN ${CLOSED_EPISODE})`,
      [q.practiceOds, HIGH_RISK_SHARE, HIGH_RISK_MAX],
    );
    return rows.map((r) => ({
      patientId: r.patient_id,
      nhsNumber: r.nhs_number,
      reason: 'high_risk_not_enrolled' as const,
      priority: -r.score,
      detail: `Risk score ${r.score} (${r.model}), not enrolled`,
    }));
  },
};
