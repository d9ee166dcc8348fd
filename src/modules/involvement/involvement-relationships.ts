import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';

export const EXPLICIT_INVOLVEMENT = 'explicit_involvement';

/** Teams a user added as involved, while the addition is current. */
export const explicitInvolvementRelationship: RelationshipProvider = {
  name: EXPLICIT_INVOLVEMENT,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team_code: string }[] = await em.query(
      `SELECT DISTINCT team_code FROM patient_involvements
       WHERE patient_id = $1 AND ended_at IS NULL AND starts_at <= now() AND ends_at > now()`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.team_code, relationship: EXPLICIT_INVOLVEMENT }));
  },
};

/**
 * Teams that subscribed to all admissions of patients registered at their aligned practices
 * (`PUT /teams/{code}/subscriptions`). A subscription adds an admission alert, never involvement.
 */
export async function admissionSubscribers(em: EntityManager, practiceOds: string | null): Promise<string[]> {
  if (!practiceOds) return [];
  const rows: { team_code: string }[] = await em.query(
    `SELECT s.team_code FROM team_subscriptions s JOIN team_practices tp ON tp.team_code = s.team_code
     WHERE tp.practice_ods = $1 AND s.admissions_of_aligned_practices ORDER BY s.team_code`,
    [practiceOds],
  );
  return rows.map((r) => r.team_code);
}
