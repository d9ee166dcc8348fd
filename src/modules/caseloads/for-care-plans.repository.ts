import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What the care-plans capability reads of Pro-Active Care episodes: who is in one now, for plan coverage. */
@Injectable()
export class CaseloadsForCarePlansRepository {
  /**
   * Living patients in a Pro-Active Care episode from assessment to review (optionally of one
   * practice, or of a locality's practices): their ids, each once.
   */
  async patientsInEpisode(em: EntityManager, filter: { practice?: string; locality?: string }): Promise<string[]> {
    const rows: { patient_id: string }[] = await em.query(
      `SELECT DISTINCT e.patient_id FROM proactive_care_episodes e JOIN patients p ON p.id = e.patient_id
         LEFT JOIN organisations o ON o.ods_code = p.gp_practice_ods
       WHERE e.status IN ('assessment', 'mdt_review', 'active', 'review_due') AND p.deceased_at IS NULL
         AND ($1::text IS NULL OR p.gp_practice_ods = $1) AND ($2::text IS NULL OR o.locality = $2)`,
      [filter.practice ?? null, filter.locality ?? null],
    );
    return rows.map((r) => r.patient_id);
  }
}
