import type { DeathHandler } from '../patients/death-registry';
import type { EpisodesRepository } from './episodes.repository';

/** A death ends an open Pro-Active Care episode: withdrawn, reason `died`. */
export function closeEpisodesOnDeath(episodes: EpisodesRepository): DeathHandler {
  return async (em, patientId, diedAt) => ({ episodes: await episodes.withdrawOnDeath(em, patientId, diedAt) });
}
