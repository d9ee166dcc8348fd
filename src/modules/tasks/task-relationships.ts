import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';

export const DISCHARGE_FOLLOW_UP = 'discharge_follow_up';

/** A team with a post-discharge follow-up still open is involved with the patient until it is done. */
export const dischargeFollowUpRelationship: RelationshipProvider = {
  name: DISCHARGE_FOLLOW_UP,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team_code: string }[] = await em.query(
      `SELECT DISTINCT team_code FROM tasks WHERE patient_id = $1 AND type = 'post_discharge_follow_up' AND status = 'open'`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.team_code, relationship: DISCHARGE_FOLLOW_UP }));
  },
};
