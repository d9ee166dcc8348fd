import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface TeamSubscriptions {
  teamCode: string;
  admissionsOfAlignedPractices: boolean;
}

/** The team_subscriptions table: what a team asked to hear about beyond its own patients. */
@Injectable()
export class TeamSubscriptionsRepository {
  /** The team's subscriptions (all off when it never set any), or null when there is no such team. */
  async forTeam(em: EntityManager, teamCode: string): Promise<TeamSubscriptions | null> {
    const [team]: { code: string; admissions: boolean | null }[] = await em.query(
      `SELECT t.code, s.admissions_of_aligned_practices AS admissions FROM teams t LEFT JOIN team_subscriptions s ON s.team_code = t.code WHERE t.code = $1`,
      [teamCode],
    );
    return team ? { teamCode: team.code, admissionsOfAlignedPractices: team.admissions ?? false } : null;
  }

  async set(em: EntityManager, s: TeamSubscriptions, by: string): Promise<void> {
    await em.query(
      `INSERT INTO team_subscriptions (team_code, admissions_of_aligned_practices, updated_by, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (team_code) DO UPDATE SET admissions_of_aligned_practices = EXCLUDED.admissions_of_aligned_practices,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [s.teamCode, s.admissionsOfAlignedPractices, by],
    );
  }

  /**
   * Teams that subscribed to all admissions of patients registered at their aligned practices
   * (`PUT /teams/{code}/subscriptions`). A subscription adds an admission alert, never involvement.
   */
  async admissionSubscribers(em: EntityManager, practiceOds: string | null): Promise<string[]> {
    if (!practiceOds) return [];
    const rows: { team_code: string }[] = await em.query(
      `SELECT s.team_code FROM team_subscriptions s JOIN team_practices tp ON tp.team_code = s.team_code
       WHERE tp.practice_ods = $1 AND s.admissions_of_aligned_practices ORDER BY s.team_code`,
      [practiceOds],
    );
    return rows.map((r) => r.team_code);
  }
}
