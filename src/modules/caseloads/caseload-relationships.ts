import { iso, viewSection } from '../patients/patient-view.registry';
import { LATEST_RISK_OF_PATIENT } from './risk-scores.repository';
import { OPEN_EPISODE_OF_PATIENT } from './episodes.repository';
import { OPEN_EPISODE_COORDINATORS } from './episodes.repository';
import type { RelationshipProvider } from '../../common/access/relationship-registry';

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
export const activeEpisodeSection = viewSection({ episode: OPEN_EPISODE_OF_PATIENT }, ({ episode: [e] }) => ({
  activeEpisode: e
    ? {
        id: e.id,
        status: e.status,
        plannedEndAt: iso(e.plannedEndAt),
        careCoordinator: { staffId: e.careCoordinatorStaffId, name: e.careCoordinatorName, teamCode: e.teamCode },
      }
    : null,
}));

/** The single patient view's `latestRisk` (newest run of any model, or null). */
export const latestRiskSection = viewSection({ risk: LATEST_RISK_OF_PATIENT }, ({ risk: [r] }) => ({
  latestRisk: r ? { score: r.score, model: r.model, computedAt: iso(r.computedAt) } : null,
}));
