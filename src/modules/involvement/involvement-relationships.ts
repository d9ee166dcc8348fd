import { CURRENT_INVOLVED_TEAMS } from './involvements.repository';
import type { EntityManager } from 'typeorm';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import { TeamSubscriptionsRepository } from './team-subscriptions.repository';

export const EXPLICIT_INVOLVEMENT = 'explicit_involvement';

/** Teams a user added as involved, while the addition is current. */
export const explicitInvolvementRelationship: RelationshipProvider = teamsRelationship(EXPLICIT_INVOLVEMENT, CURRENT_INVOLVED_TEAMS);

const subscriptions = new TeamSubscriptionsRepository();

/**
 * Teams subscribed to all admissions of patients registered at `practiceOds`. Kept for admissions'
 * existing call: new callers inject TeamSubscriptionsRepository (exported by InvolvementModule).
 */
export function admissionSubscribers(em: EntityManager, practiceOds: string | null): Promise<string[]> {
  return subscriptions.admissionSubscribers(em, practiceOds);
}
