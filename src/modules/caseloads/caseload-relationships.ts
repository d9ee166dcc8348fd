import { OPEN_EPISODE_COORDINATORS } from './episodes.repository';
import type { RelationshipProvider } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';
import type { EpisodesRepository } from './episodes.repository';
import type { RiskScoresRepository } from './risk-scores.repository';

export const PROACTIVE_CARE_EPISODE = 'proactive_care_episode';

/**
 * An open Pro-Active Care episode (from identified until completed, declined or withdrawn) gives
 * the care coordinator's team a legitimate relationship with the patient, and the named care
 * coordinator personally.
 */
export const episodeRelationship: RelationshipProvider = {
  name: PROACTIVE_CARE_EPISODE,
  sql: OPEN_EPISODE_COORDINATORS,
  relationships: (rows) =>
    rows.flatMap((r) => [
      { teamCode: String(r.team_code), relationship: PROACTIVE_CARE_EPISODE },
      { teamCode: String(r.team_code), relationship: 'proactive_care_coordinator', staffId: String(r.care_coordinator_staff_id) },
    ]),
};

/** The single patient view's `activeEpisode` (the open episode, or null). */
export function activeEpisodeSection(episodes: EpisodesRepository): PatientViewContributor {
  return async (em, patient) => {
    const e = await episodes.openFor(em, patient.id);
    return {
      activeEpisode: e
        ? {
            id: e.id,
            status: e.status,
            plannedEndAt: e.plannedEndAt?.toISOString() ?? null,
            careCoordinator: { staffId: e.careCoordinatorStaffId, name: e.careCoordinatorName, teamCode: e.teamCode },
          }
        : null,
    };
  };
}

/** The single patient view's `latestRisk` (newest run of any model, or null). */
export function latestRiskSection(scores: RiskScoresRepository): PatientViewContributor {
  return async (em, patient) => {
    const r = await scores.latestFor(em, patient.id);
    return { latestRisk: r ? { score: r.score, model: r.model, computedAt: r.computedAt.toISOString() } : null };
  };
}
