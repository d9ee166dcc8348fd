import type { DeathHandler } from '../patients/death-registry';
import type { BedRequestsRepository } from './bed-requests.repository';

/** A death cancels the patient's waiting bed requests (reason `died`); the beds go to the next in line. */
export function cancelBedRequestsOnDeath(requests: BedRequestsRepository): DeathHandler {
  return async (em, patientId) => ({ requests: await requests.cancelWaitingOnDeath(em, patientId) });
}
