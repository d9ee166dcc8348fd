import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OperatingHours } from '../teams/domain/operating-hours';
import type { TeamType } from '../teams/team.entity';
import type { TeamCandidate } from './domain/routing';

export interface RoutingPractice {
  odsCode: string;
  locality: string | null;
}

/** What routing reads of the reference data (teams, their practices, the patient's practice), in joins. */
@Injectable()
export class ReferralRoutingRepository {
  /**
   * What routing needs for a patient, in one statement: their registered practice (with its
   * locality) and the teams of these types, each aligned (or not) to that practice.
   */
  async routeFor(em: EntityManager, types: TeamType[], patientId: string): Promise<{ practice: RoutingPractice | null; teams: TeamCandidate[] }> {
    const rows: {
      code: string | null;
      type: TeamType;
      locality: string | null;
      operating_hours: OperatingHours;
      aligned: boolean;
      practice_specific: boolean;
      practice_ods: string | null;
      practice_locality: string | null;
    }[] = await em.query(
      `WITH pr AS (SELECT p.gp_practice_ods AS ods, o.locality FROM patients p LEFT JOIN organisations o ON o.ods_code = p.gp_practice_ods WHERE p.id = $2)
       SELECT t.code, t.type, t.locality, t.operating_hours,
         EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code AND tp.practice_ods = pr.ods) AS aligned,
         EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code) AS practice_specific,
         pr.ods AS practice_ods, pr.locality AS practice_locality
       FROM pr LEFT JOIN teams t ON t.type = ANY($1::varchar[])`,
      [types, patientId],
    );
    const first = rows[0];
    return {
      practice: first?.practice_ods ? { odsCode: first.practice_ods, locality: first.practice_locality } : null,
      teams: rows
        .filter((r): r is typeof r & { code: string } => r.code !== null)
        .map((r) => ({
          code: r.code,
          type: r.type,
          locality: r.locality,
          operatingHours: r.operating_hours,
          alignedToPractice: r.aligned,
          practiceSpecific: r.practice_specific,
        })),
    };
  }
}
