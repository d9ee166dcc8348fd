import type { DeathHandler } from '../patients/death-registry';

/** A death cancels the patient's waiting bed requests (reason `died`); the beds go to the next in line. */
export const cancelBedRequestsOnDeath: DeathHandler = async (em, patientId) => {
  const [, requests]: [unknown, number] = await em.query(
    `UPDATE bed_requests SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'died', updated_at = now() WHERE patient_id = $1 AND status = 'waiting'`,
    [patientId],
  );
  return { requests };
};
