import { TEAMS_ALIGNED_TO_PATIENT_PRACTICE } from './patients.repository';
import { PRACTICE_ALIGNMENT } from '../../common/access/patient-access.service';
import type { Relationship } from '../../common/access/domain/access-policy';
import { type PatientRef, type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';

/** Teams aligned to the patient's GP practice know the patient. */
export const practiceAlignment: RelationshipProvider = teamsRelationship(PRACTICE_ALIGNMENT, TEAMS_ALIGNED_TO_PATIENT_PRACTICE);

/** The care coordinator's team knows the patient; the coordinator personally does too. */
export const careCoordinator: RelationshipProvider = {
  name: 'care_coordinator',
  relationships(_rows, patient: PatientRef): Relationship[] {
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
  relationships(_rows, patient: PatientRef): Relationship[] {
    const ods = patient.gpPracticeOds;
    return ods ? [{ teamCode: ods, relationship: REGISTERED_PRACTICE, orgOds: ods }] : [];
  },
};
