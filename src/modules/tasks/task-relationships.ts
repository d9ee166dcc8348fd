import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import type { TasksRepository } from './tasks.repository';

export const DISCHARGE_FOLLOW_UP = 'discharge_follow_up';

/** A team with a post-discharge follow-up still open is involved with the patient until it is done. */
export function dischargeFollowUpRelationship(tasks: TasksRepository): RelationshipProvider {
  return teamsRelationship(DISCHARGE_FOLLOW_UP, (em, patient) => tasks.teamsWithOpen(em, patient.id, 'post_discharge_follow_up'));
}
