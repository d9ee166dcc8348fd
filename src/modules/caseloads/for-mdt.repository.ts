import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An episode an MDT agenda may list: awaiting joint assessment or plan agreement, or with its 12-week review due. */
export interface EpisodeForAgenda {
  patientId: string;
  nhsNumber: string;
  status: 'assessment' | 'mdt_review' | 'active' | 'review_due';
  statusChangedAt: Date;
  plannedEndAt: Date | null;
}

/** One of a practice's highest-risk patients by latest score. */
export interface HighRiskPatient {
  patientId: string;
  nhsNumber: string;
  score: number;
  model: string;
}

const CLOSED_EPISODE = `('completed', 'declined', 'withdrawn')`;

/**
 * Episodes of the practice's (`$1`) living, NHS-numbered patients in assessment or awaiting MDT
 * plan agreement, or active or review-due with their 12 weeks ending by `$2`. The practice's
 * patients come index-only from idx_patients_living_numbered_practice (migration 1796600000000,
 * hazard H18-8).
 */
export const EPISODES_FOR_AGENDA = `SELECT e.patient_id, p.nhs_number, e.status, e.status_changed_at, e.planned_end_at
  FROM proactive_care_episodes e JOIN patients p ON p.id = e.patient_id
  WHERE p.gp_practice_ods = $1 AND p.deceased_at IS NULL AND p.nhs_number IS NOT NULL
    AND (e.status IN ('assessment', 'mdt_review') OR (e.status IN ('active', 'review_due') AND e.planned_end_at <= $2))`;

/**
 * What the caseloads module (Pro-Active Care episodes, risk scores) offers to MDT: the data behind
 * its agenda sources, and the open episode an MDT outcome moves on. Each read answers for the living,
 * NHS-numbered patients registered with the practice, from indexed queries.
 */
@Injectable()
export class CaseloadsForMdtRepository {
  /** Episodes in assessment or awaiting MDT plan agreement, and active or review-due ones whose 12 weeks end by `by`. */
  async episodesForAgenda(em: EntityManager, practiceOds: string, by: Date): Promise<EpisodeForAgenda[]> {
    const rows: { patient_id: string; nhs_number: string; status: EpisodeForAgenda['status']; status_changed_at: Date; planned_end_at: Date | null }[] = await em.query(
      EPISODES_FOR_AGENDA,
      [practiceOds, by],
    );
    return rows.map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, status: r.status, statusChangedAt: r.status_changed_at, plannedEndAt: r.planned_end_at }));
  }

  /**
   * The practice's top `share` of patients by latest risk score (at least one, at most `max`; ties by
   * NHS number), living and not in an open Pro-Active Care episode. The top is read in index order
   * and the practice counted from the index: no window over the whole practice (18 -> 6 ms for a
   * practice of 29,000 scored patients).
   */
  async highestRiskNotEnrolled(em: EntityManager, practiceOds: string, share: number, max: number): Promise<HighRiskPatient[]> {
    const rows: { patient_id: string; nhs_number: string; score: number; model: string }[] = await em.query(
      `SELECT r.patient_id, r.nhs_number, r.score, r.model
         FROM (SELECT l.patient_id, l.nhs_number, l.score, l.model FROM risk_latest l WHERE l.practice_ods = $1
                ORDER BY l.score DESC, l.nhs_number
                LIMIT LEAST($3::bigint, GREATEST(1, ceil((SELECT count(*) FROM risk_latest c WHERE c.practice_ods = $1) * $2::float8))::bigint)) r
         JOIN patients p ON p.id = r.patient_id
        WHERE p.deceased_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM proactive_care_episodes e WHERE e.patient_id = r.patient_id AND e.status NOT IN ${CLOSED_EPISODE})`,
      [practiceOds, share, max],
    );
    return rows.map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, score: r.score, model: r.model }));
  }

  /** The patient's episode with this id, or (no id) their open one; undefined when there is none. */
  async episodeOf(em: EntityManager, patientId: string, episodeId?: string): Promise<string | undefined> {
    const [episode]: { id: string }[] = episodeId
      ? await em.query('SELECT id FROM proactive_care_episodes WHERE id = $1 AND patient_id = $2', [episodeId, patientId])
      : await em.query(`SELECT id FROM proactive_care_episodes WHERE patient_id = $1 AND status NOT IN ${CLOSED_EPISODE}`, [patientId]);
    return episode?.id;
  }
}
