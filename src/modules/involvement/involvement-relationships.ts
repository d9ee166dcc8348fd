import type { EntityManager } from 'typeorm';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import type { InvolvementsRepository } from './involvements.repository';
import { TeamSubscriptionsRepository } from './team-subscriptions.repository';

export const EXPLICIT_INVOLVEMENT = 'explicit_involvement';

/** Teams a user added as involved, while the addition is current. */
export function explicitInvolvementRelationship(involvements: InvolvementsRepository): RelationshipProvider {
  return teamsRelationship(EXPLICIT_INVOLVEMENT, (em, patient) => involvements.currentTeams(em, patient.id));
}

const subscriptions = new TeamSubscriptionsRepository();

/**
 * Teams subscribed to all admissions of patients registered at `practiceOds`. Kept for admissions'
 * existing call: new callers inject TeamSubscriptionsRepository (exported by InvolvementModule).
 */
export function admissionSubscribers(em: EntityManager, practiceOds: string | null): Promise<string[]> {
  return subscriptions.admissionSubscribers(em, practiceOds);
}
