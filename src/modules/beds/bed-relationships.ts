import { iso, viewSection } from '../patients/patient-view.registry';
import { OPEN_REQUEST_OF_PATIENT } from './bed-requests.repository';
import { ACTIVE_STAY_OF_PATIENT } from './bed-stays.repository';
import { OPEN_BED_REQUEST_TEAMS } from './bed-requests.repository';
import { ACTIVE_STAY_UNIT_TEAMS } from './bed-stays.repository';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';

/** An active (offered or occupied) stay gives the unit's team a legitimate relationship with the patient. */
export const bedStayRelationship: RelationshipProvider = teamsRelationship('bed_stay', ACTIVE_STAY_UNIT_TEAMS);

/** The team that raised an open (waiting or offered) bed request knows the patient. */
export const bedRequestRelationship: RelationshipProvider = teamsRelationship('bed_request', OPEN_BED_REQUEST_TEAMS);

/** The single patient view's `bedStay` (the active stay) and `bedRequest` (an open request). */
export const bedSections = viewSection({ stay: ACTIVE_STAY_OF_PATIENT, request: OPEN_REQUEST_OF_PATIENT }, ({ stay: [s], request: [r] }) => ({
  bedStay: s
    ? {
        id: s.id,
        status: s.status,
        direction: s.direction,
        requestId: s.requestId,
        bedId: s.bedId,
        bedLabel: s.bedLabel,
        unitId: s.unitId,
        unitName: s.unitName,
        teamCode: s.teamCode,
        offeredAt: iso(s.offeredAt),
        admittedAt: iso(s.admittedAt),
      }
    : null,
  bedRequest: r ? { id: r.id, status: r.status, direction: r.direction, priority: r.priority, requestedAt: iso(r.requestedAt) } : null,
}));
