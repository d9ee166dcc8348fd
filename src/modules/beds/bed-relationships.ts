import { OPEN_BED_REQUEST_TEAMS } from './bed-requests.repository';
import { ACTIVE_STAY_UNIT_TEAMS } from './bed-stays.repository';
import type { EntityManager } from 'typeorm';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import type { PatientEntity } from '../patients/patient.entity';
import type { BedRequestsRepository } from './bed-requests.repository';
import type { BedStaysRepository } from './bed-stays.repository';

/** An active (offered or occupied) stay gives the unit's team a legitimate relationship with the patient. */
export const bedStayRelationship: RelationshipProvider = teamsRelationship('bed_stay', ACTIVE_STAY_UNIT_TEAMS);

/** The team that raised an open (waiting or offered) bed request knows the patient. */
export const bedRequestRelationship: RelationshipProvider = teamsRelationship('bed_request', OPEN_BED_REQUEST_TEAMS);

/** The single patient view's `bedStay` (the active stay) and `bedRequest` (an open request). */
export function bedSections(stays: BedStaysRepository, requests: BedRequestsRepository) {
  return async (em: EntityManager, patient: PatientEntity): Promise<Record<string, unknown>> => {
    const s = await stays.activeStayOf(em, patient.id);
    const r = await requests.openRequestOf(em, patient.id);
    return {
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
            offeredAt: s.offeredAt.toISOString(),
            admittedAt: s.admittedAt?.toISOString() ?? null,
          }
        : null,
      bedRequest: r ? { id: r.id, status: r.status, direction: r.direction, priority: r.priority, requestedAt: r.requestedAt.toISOString() } : null,
    };
  };
}
