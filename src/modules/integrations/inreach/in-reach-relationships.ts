import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../../common/access/relationship-registry';
import type { InReachRepository } from './in-reach.repository';

export const AE_IN_REACH = 'ae_in_reach';

/**
 * The teams alerted to an A&E attendance (including the rapid response team, which may not know
 * the patient otherwise) may open the patient's record while the in-reach clock runs and for a day
 * after it stopped, to respond. Not "involvement": it does not make the patient known to the team.
 */
export function inReachRelationship(attendances: InReachRepository): RelationshipProvider {
  return {
    name: AE_IN_REACH,
    async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
      return (await attendances.alertedTeams(em, patient.id)).map((teamCode) => ({ teamCode, relationship: AE_IN_REACH }));
    },
  };
}
