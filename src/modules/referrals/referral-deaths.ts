import type { DeathHandler } from '../patients/death-registry';

/** A death closes every open referral part with outcome `died`, and the referral with it. */
export const closeReferralsOnDeath: DeathHandler = async (em, patientId, diedAt) => {
  const [, parts]: [unknown, number] = await em.query(
    `UPDATE referral_destinations d SET status = 'completed', outcome = 'died', completed_at = GREATEST($2::timestamptz, d.created_at), updated_at = now()
     FROM referrals r WHERE r.id = d.referral_id AND r.patient_id = $1 AND d.status IN ('awaiting_acceptance', 'accepted', 'in_progress')`,
    [patientId, diedAt],
  );
  const [, referrals]: [unknown, number] = await em.query(
    `UPDATE referrals SET status = 'completed', closed_at = GREATEST($2::timestamptz, received_at), closed_reason = 'died', version = version + 1, updated_at = now()
     WHERE patient_id = $1 AND status IN ('awaiting_triage', 'accepted', 'in_progress')`,
    [patientId, diedAt],
  );
  return { parts, referrals };
};
