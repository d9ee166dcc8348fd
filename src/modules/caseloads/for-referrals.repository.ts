import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_EPISODE_SQL } from './episode.entity';

/** The caseloads module's reads for referrals (the "patients known to a team" measure). */
@Injectable()
export class CaseloadsForReferralsRepository {
  /** Patients with an open Pro-Active Care episode (a patient has at most one). */
  async patientsWithOpenEpisode(em: EntityManager): Promise<string[]> {
    const rows: { patient_id: string }[] = await em.query(`SELECT patient_id FROM proactive_care_episodes WHERE ${OPEN_EPISODE_SQL}`);
    return rows.map((r) => r.patient_id);
  }
}
