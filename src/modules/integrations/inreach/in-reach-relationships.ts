
import { type RelationshipProvider, teamsRelationship } from '../../../common/access/relationship-registry';
import type { InReachRepository } from './in-reach.repository';

export const AE_IN_REACH = 'ae_in_reach';

/**
 * The teams alerted to an A&E attendance (including the rapid response team, which may not know
 * the patient otherwise) may open the patient's record while the in-reach clock runs and for a day
 * after it stopped, to respond. Not "involvement": it does not make the patient known to the team.
 */
export function inReachRelationship(attendances: InReachRepository): RelationshipProvider {
  return teamsRelationship(AE_IN_REACH, (em, patient) => attendances.alertedTeams(em, patient.id));
}
