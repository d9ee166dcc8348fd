import { IN_REACH_ALERTED_TEAMS } from './in-reach.repository';

import { type RelationshipProvider, teamsRelationship } from '../../../common/access/relationship-registry';

export const AE_IN_REACH = 'ae_in_reach';

/**
 * The teams alerted to an A&E attendance (including the rapid response team, which may not know
 * the patient otherwise) may open the patient's record while the in-reach clock runs and for a day
 * after it stopped, to respond. Not "involvement": it does not make the patient known to the team.
 */
export const inReachRelationship: RelationshipProvider = teamsRelationship(AE_IN_REACH, IN_REACH_ALERTED_TEAMS);
