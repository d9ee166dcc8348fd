import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';
import { OPEN_EPISODE_SQL } from './episode.entity';

export const PROACTIVE_CARE_EPISODE = 'proactive_care_episode';

/**
 * An open Pro-Active Care episode (from identified until completed, declined or withdrawn) gives
 * the care coordinator's team a legitimate relationship with the patient, and the named care
 * coordinator personally.
 */
export const episodeRelationship: RelationshipProvider = {
  name: PROACTIVE_CARE_EPISODE,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team_code: string; care_coordinator_staff_id: string }[] = await em.query(
      `SELECT team_code, care_coordinator_staff_id FROM proactive_care_episodes WHERE patient_id = $1 AND ${OPEN_EPISODE_SQL}`,
      [patient.id],
    );
    return rows.flatMap((r) => [
      { teamCode: r.team_code, relationship: PROACTIVE_CARE_EPISODE },
      { teamCode: r.team_code, relationship: 'proactive_care_coordinator', staffId: r.care_coordinator_staff_id },
    ]);
  },
};

/** The single patient view's `activeEpisode` (the open episode, or null). */
export const activeEpisodeSection: PatientViewContributor = async (em, patient) => {
  const [e]: { id: string; status: string; team_code: string; care_coordinator_staff_id: string; care_coordinator_name: string; planned_end_at: Date | null }[] =
    await em.query(
      `SELECT id, status, team_code, care_coordinator_staff_id, care_coordinator_name, planned_end_at FROM proactive_care_episodes
       WHERE patient_id = $1 AND ${OPEN_EPISODE_SQL}`,
      [patient.id],
    );
  return {
    activeEpisode: e
      ? {
          id: e.id,
          status: e.status,
          plannedEndAt: e.planned_end_at?.toISOString() ?? null,
          careCoordinator: { staffId: e.care_coordinator_staff_id, name: e.care_coordinator_name, teamCode: e.team_code },
        }
      : null,
  };
};

/** The single patient view's `latestRisk` (newest run of any model, or null). */
export const latestRiskSection: PatientViewContributor = async (em, patient) => {
  const [r]: { score: number; model: string; computed_at: Date }[] = await em.query('SELECT score, model, computed_at FROM risk_latest WHERE patient_id = $1', [patient.id]);
  return { latestRisk: r ? { score: r.score, model: r.model, computedAt: r.computed_at.toISOString() } : null };
};
