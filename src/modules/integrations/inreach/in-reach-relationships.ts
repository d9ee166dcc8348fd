import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../../common/access/relationship-registry';

export const AE_IN_REACH = 'ae_in_reach';

/**
 * The teams alerted to an A&E attendance (including the rapid response team, which may not know
 * the patient otherwise) may open the patient's record while the in-reach clock runs and for a day
 * after it stopped, to respond. Not "involvement": it does not make the patient known to the team.
 */
export const inReachRelationship: RelationshipProvider = {
  name: AE_IN_REACH,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team_code: string }[] = await em.query(
      `SELECT DISTINCT jsonb_array_elements_text(team_codes) AS team_code FROM ae_attendances
       WHERE patient_id = $1 AND (status = 'waiting' OR stopped_at > now() - interval '24 hours')`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.team_code, relationship: AE_IN_REACH }));
  },
};
