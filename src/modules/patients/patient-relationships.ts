import type { EntityManager } from 'typeorm';
import { PRACTICE_ALIGNMENT } from '../../common/access/patient-access.service';
import type { Relationship } from '../../common/access/domain/access-policy';
import { type PatientRef, type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import type { PatientsRepository } from './patients.repository';

/** Teams aligned to the patient's GP practice know the patient. */
export function practiceAlignment(patients: PatientsRepository): RelationshipProvider {
  return teamsRelationship(PRACTICE_ALIGNMENT, async (em, patient) => (patient.gpPracticeOds ? patients.teamsAlignedTo(em, patient.gpPracticeOds) : []));
}

/** The care coordinator's team knows the patient; the coordinator personally does too. */
export const careCoordinator: RelationshipProvider = {
  name: 'care_coordinator',
  async relationships(_em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const team = patient.careCoordinatorTeamCode;
    if (!team) return [];
    const out: Relationship[] = [{ teamCode: team, relationship: 'care_coordinator_team' }];
    if (patient.careCoordinatorStaffId) out.push({ teamCode: team, relationship: 'care_coordinator', staffId: patient.careCoordinatorStaffId });
    return out;
  },
};

export const REGISTERED_PRACTICE = 'registered_practice';

/**
 * The patient's registered GP practice: its staff (token `org` = the practice, a practice role)
 * may open the record. Access, not involvement: it raises no admission alert.
 */
export const registeredPractice: RelationshipProvider = {
  name: REGISTERED_PRACTICE,
  async relationships(_em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const ods = patient.gpPracticeOds;
    return ods ? [{ teamCode: ods, relationship: REGISTERED_PRACTICE, orgOds: ods }] : [];
  },
};
