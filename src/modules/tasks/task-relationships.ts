import { OPEN_FOLLOW_UP_TEAMS } from './tasks.repository';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';

export const DISCHARGE_FOLLOW_UP = 'discharge_follow_up';

/** A team with a post-discharge follow-up still open is involved with the patient until it is done. */
export const dischargeFollowUpRelationship: RelationshipProvider = teamsRelationship(DISCHARGE_FOLLOW_UP, OPEN_FOLLOW_UP_TEAMS);
