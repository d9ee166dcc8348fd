import type { DeathHandler } from '../patients/death-registry';

/** A death ends an open Pro-Active Care episode: withdrawn, reason `died`. */
export const closeEpisodesOnDeath: DeathHandler = async (em, patientId, diedAt) => {
  const [, episodes]: [unknown, number] = await em.query(
    `UPDATE proactive_care_episodes SET status = 'withdrawn', reason = 'died', status_changed_at = GREATEST($2::timestamptz, status_changed_at),
       ended_at = GREATEST($2::timestamptz, status_changed_at), updated_at = now()
     WHERE patient_id = $1 AND status NOT IN ('completed', 'declined', 'withdrawn')`,
    [patientId, diedAt],
  );
  return { episodes };
};
