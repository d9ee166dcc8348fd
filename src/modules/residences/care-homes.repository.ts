import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LivingPeriod } from '../admissions/for-residences.repository';

/** A care home as its summary shows it, with the residence periods its admission rate is counted over. */
export interface CareHomeFigures {
  /** The organisation's type: the summary is of a care home only. */
  type: string;
  name: string;
  beds: number | null;
  supportTeamCode: string | null;
  residents: number;
  /** Residence periods in the home that may overlap the last 365 days. */
  periods: LivingPeriod[];
}

/** care_home_profiles (and the organisations and teams they name, read only): care homes, their beds and support teams. */
/** The care-home support team of the home the patient (`$1`) lives in now. */
export const RESIDENT_SUPPORT_TEAMS = `SELECT DISTINCT c.support_team_code AS team_code FROM patient_residences r JOIN care_home_profiles c ON c.ods_code = r.care_home_ods
  WHERE r.patient_id = $1 AND r.kind = 'care_home' AND r.to_date IS NULL AND c.support_team_code IS NOT NULL`;

@Injectable()
export class CareHomesRepository {
  /** The organisation's type, or null when there is no such organisation. */
  async organisationType(em: EntityManager, ods: string): Promise<string | null> {
    const [org]: { type: string }[] = await em.query('SELECT type FROM organisations WHERE ods_code = $1', [ods]);
    return org?.type ?? null;
  }

  async teamExists(em: EntityManager, code: string): Promise<boolean> {
    const rows: { type: string }[] = await em.query('SELECT type FROM teams WHERE code = $1', [code]);
    return rows.length > 0;
  }

  async upsertProfile(em: EntityManager, p: { ods: string; beds: number; supportTeamCode: string | null; by: string }): Promise<void> {
    await em.query(
      `INSERT INTO care_home_profiles (ods_code, beds, support_team_code, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (ods_code) DO UPDATE SET beds = EXCLUDED.beds, support_team_code = EXCLUDED.support_team_code, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [p.ods, p.beds, p.supportTeamCode, p.by],
    );
  }

  /**
   * The organisation (null when there is none) with its profile, residents now, and the residence
   * periods in the home that end after a margin before `now` - 365 days (the admissions counted are
   * of the last 365 days, so an earlier period cannot hold one).
   */
  async figures(em: EntityManager, ods: string, now: Date): Promise<CareHomeFigures | null> {
    const [r]: { type: string; name: string; beds: number | null; team: string | null; residents: number; periods: { patientId: string; from: string; to: string | null }[] }[] =
      await em.query(
        `SELECT o.type, o.name, c.beds, c.support_team_code AS team,
                (SELECT count(DISTINCT r.patient_id)::int FROM patient_residences r WHERE r.care_home_ods = $1 AND r.to_date IS NULL) AS residents,
                (SELECT coalesce(json_agg(json_build_object('patientId', r.patient_id, 'from', to_char(r.from_date, 'YYYY-MM-DD'), 'to', to_char(r.to_date, 'YYYY-MM-DD'))), '[]')
                 FROM patient_residences r
                 WHERE r.care_home_ods = $1 AND (r.to_date IS NULL OR r.to_date > ($2::timestamptz - interval '400 days')::date)) AS periods
         FROM organisations o LEFT JOIN care_home_profiles c ON c.ods_code = o.ods_code WHERE o.ods_code = $1`,
        [ods, now],
      );
    return r ? { type: r.type, name: r.name, beds: r.beds, supportTeamCode: r.team, residents: r.residents, periods: r.periods } : null;
  }
}
