import type { DeathHandler } from '../patients/death-registry';
import type { BedRequestCloser } from './bed-request-closer';
import type { BedStaysRepository } from './bed-stays.repository';
import type { BedsRepository } from './beds.repository';

/**
 * A death closes the patient's bed work: open requests (waiting or offered) are cancelled (reason
 * `died`) and a standing offer is withdrawn, its bed passed to the next in line; a bed the patient
 * occupied is discharged (destination `died`) and goes to cleaning, so the board no longer shows a
 * deceased patient in a bed and the bed returns to use once it is ready.
 */
export function closeBedsOnDeath(closer: BedRequestCloser, stays: BedStaysRepository, beds: BedsRepository): DeathHandler {
  return async (em, patientId, diedAt) => {
    const requests = await closer.cancelWaitingForPatient(em, patientId, 'died');
    const vacated = await stays.dischargeOccupiedOnDeath(em, patientId, diedAt);
    for (const bedId of vacated) await beds.toCleaning(em, bedId);
    return { requests: requests.length, stays: vacated.length };
  };
}
