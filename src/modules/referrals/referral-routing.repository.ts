import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OperatingHours } from '../teams/domain/operating-hours';
import type { TeamType } from '../teams/team.entity';
import type { TeamCandidate } from './domain/routing';

/** What routing reads of the reference data (teams, their practices, the patient's practice), in joins. */
@Injectable()
export class ReferralRoutingRepository {
  /** Teams of these types as routing sees them, aligned (or not) to the patient's practice. */
  async candidates(em: EntityManager, types: TeamType[], practiceOds: string | null): Promise<TeamCandidate[]> {
    const rows: { code: string; type: TeamType; locality: string | null; operating_hours: OperatingHours; aligned: boolean; practice_specific: boolean }[] =
      await em.query(
        `SELECT t.code, t.type, t.locality, t.operating_hours,
           EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code AND tp.practice_ods = $2) AS aligned,
           EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code) AS practice_specific
         FROM teams t WHERE t.type = ANY($1::varchar[])`,
        [types, practiceOds],
      );
    return rows.map((r) => ({
      code: r.code,
      type: r.type,
      locality: r.locality,
      operatingHours: r.operating_hours,
      alignedToPractice: r.aligned,
      practiceSpecific: r.practice_specific,
    }));
  }

  /** The patient's registered practice and its locality, or null when the patient has none. */
  async practiceOf(em: EntityManager, patientId: string): Promise<{ odsCode: string; locality: string | null } | null> {
    const rows: { ods: string | null; locality: string | null }[] = await em.query(
      `SELECT p.gp_practice_ods AS ods, o.locality FROM patients p LEFT JOIN organisations o ON o.ods_code = p.gp_practice_ods WHERE p.id = $1`,
      [patientId],
    );
    const r = rows[0];
    return r?.ods ? { odsCode: r.ods, locality: r.locality } : null;
  }
}
