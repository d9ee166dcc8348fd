import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';
import type { PatientEntity } from '../patients/patient.entity';
import { ACTIVE_STAY } from './beds.queries';

/** An active (offered or occupied) stay gives the unit's team a legitimate relationship with the patient. */
export const bedStayRelationship: RelationshipProvider = {
  name: 'bed_stay',
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team_code: string }[] = await em.query(
      `SELECT DISTINCT u.team_code FROM bed_stays s JOIN bed_units u ON u.id = s.unit_id
       WHERE s.patient_id = $1 AND s.status IN ${ACTIVE_STAY}`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.team_code, relationship: 'bed_stay' }));
  },
};

/** The team that raised an open (waiting or offered) bed request knows the patient. */
export const bedRequestRelationship: RelationshipProvider = {
  name: 'bed_request',
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { requested_by_team: string }[] = await em.query(
      `SELECT DISTINCT requested_by_team FROM bed_requests
       WHERE patient_id = $1 AND status IN ('waiting', 'offered') AND requested_by_team IS NOT NULL`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.requested_by_team, relationship: 'bed_request' }));
  },
};

/** The single patient view's `bedStay` (the active stay) and `bedRequest` (an open request). */
export async function bedSections(em: EntityManager, patient: PatientEntity): Promise<Record<string, unknown>> {
  const stays: {
    id: string;
    status: string;
    direction: string;
    request_id: string;
    bed_id: string;
    label: string;
    unit_id: string;
    unit_name: string;
    team_code: string;
    offered_at: Date;
    admitted_at: Date | null;
  }[] = await em.query(
    `SELECT s.id, s.status, s.direction, s.request_id, s.bed_id, b.label, s.unit_id, u.name AS unit_name, u.team_code, s.offered_at, s.admitted_at
     FROM bed_stays s JOIN beds b ON b.id = s.bed_id JOIN bed_units u ON u.id = s.unit_id
     WHERE s.patient_id = $1 AND s.status IN ${ACTIVE_STAY}`,
    [patient.id],
  );
  const requests: { id: string; status: string; direction: string; priority: string; requested_at: Date }[] = await em.query(
    `SELECT id, status, direction, priority, requested_at FROM bed_requests WHERE patient_id = $1 AND status IN ('waiting', 'offered')`,
    [patient.id],
  );
  const s = stays[0];
  const r = requests[0];
  return {
    bedStay: s
      ? {
          id: s.id,
          status: s.status,
          direction: s.direction,
          requestId: s.request_id,
          bedId: s.bed_id,
          bedLabel: s.label,
          unitId: s.unit_id,
          unitName: s.unit_name,
          teamCode: s.team_code,
          offeredAt: s.offered_at.toISOString(),
          admittedAt: s.admitted_at?.toISOString() ?? null,
        }
      : null,
    bedRequest: r ? { id: r.id, status: r.status, direction: r.direction, priority: r.priority, requestedAt: r.requested_at.toISOString() } : null,
  };
}
