import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An in-reach clock with the patient's NHS number, as the clocks panel shows it. */
export interface ClockRow {
  id: string;
  patientId: string;
  nhsNumber: string;
  hospitalOds: string;
  arrivedAt: Date;
  respondBy: Date;
  status: string;
  teamCodes: string[];
}

/** A waiting clock past its respond-by time, claimed for the breach alert. */
export interface BreachedClock {
  id: string;
  patientId: string;
  hospitalOds: string;
  respondBy: Date;
  teamCodes: string[];
}

/** The A&E attendances (`ae_attendances`): the in-reach clocks, and the rapid response teams they alert. */
/** Teams alerted to the patient's (`$1`) A&E attendance while its clock runs and for a day after. */
export const IN_REACH_ALERTED_TEAMS = `SELECT DISTINCT jsonb_array_elements_text(team_codes) AS team_code FROM ae_attendances
  WHERE patient_id = $1 AND (status = 'waiting' OR stopped_at > now() - interval '24 hours')`;

@Injectable()
export class InReachRepository {
  /** The rapid response teams of the locality of this practice, by code. */
  async rapidResponseTeams(em: EntityManager, practiceOds: string | null): Promise<string[]> {
    const rows: { code: string }[] = await em.query(
      `SELECT t.code FROM teams t JOIN organisations o ON o.ods_code = $1
       WHERE t.type = 'rapid_response' AND t.locality IS NOT DISTINCT FROM o.locality ORDER BY t.code`,
      [practiceOds],
    );
    return rows.map((r) => r.code);
  }

  /** Starts a clock; null when this attendance (patient, hospital, arrival) was recorded before. */
  async start(em: EntityManager, a: { patientId: string; hospitalOds: string; arrivedAt: Date; respondBy: Date; teamCodes: string[] }): Promise<string | null> {
    const [row]: { id: string }[] = await em.query(
      `INSERT INTO ae_attendances (patient_id, hospital_ods, arrived_at, respond_by, team_codes) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT ON CONSTRAINT uq_ae_attendances_patient_hospital_arrived DO NOTHING RETURNING id`,
      [a.patientId, a.hospitalOds, a.arrivedAt, a.respondBy, JSON.stringify(a.teamCodes)],
    );
    return row?.id ?? null;
  }

  /** Stops the patient's waiting clocks at the hospital (they left A&E); how many stopped. */
  async left(em: EntityManager, patientId: string, hospitalOds: string, at: Date): Promise<number> {
    const rows: { id: string }[] = await em.query(
      `WITH stopped AS (UPDATE ae_attendances SET status = 'left', stopped_at = $3
         WHERE patient_id = $1 AND hospital_ods = $2 AND status = 'waiting' RETURNING id) SELECT id FROM stopped`,
      [patientId, hospitalOds, at],
    );
    return rows.length;
  }

  /** The waiting clock, locked, with its patient's NHS number; null when there is none waiting with this id. */
  async lockWaiting(em: EntityManager, id: string): Promise<{ patientId: string; nhsNumber: string } | null> {
    const [row]: { patient_id: string; nhs_number: string }[] = await em.query(
      `SELECT a.patient_id, p.nhs_number FROM ae_attendances a JOIN patients p ON p.id = a.patient_id WHERE a.id = $1 AND a.status = 'waiting' FOR UPDATE OF a`,
      [id],
    );
    return row ? { patientId: row.patient_id, nhsNumber: row.nhs_number } : null;
  }

  async seen(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE ae_attendances SET status = 'seen', stopped_at = now() WHERE id = $1`, [id]);
  }

  /** One clock by id, or the waiting clocks (of these teams, when given), nearest respond-by first. */
  async clocks(em: EntityManager, q: { id?: string; teamCodes?: string[] | null; limit?: number }): Promise<ClockRow[]> {
    const rows: { id: string; patient_id: string; nhs_number: string; hospital_ods: string; arrived_at: Date; respond_by: Date; status: string; team_codes: string[] }[] =
      await em.query(
        `SELECT a.id, a.patient_id, p.nhs_number, a.hospital_ods, a.arrived_at, a.respond_by, a.status, a.team_codes
         FROM ae_attendances a JOIN patients p ON p.id = a.patient_id
         WHERE ($1::uuid IS NULL OR a.id = $1) AND ($1::uuid IS NOT NULL OR a.status = 'waiting')
           AND ($2::text[] IS NULL OR a.team_codes ?| $2::text[])
         ORDER BY a.respond_by, a.id LIMIT $3`,
        [q.id ?? null, q.teamCodes ?? null, q.limit ?? 50],
      );
    return rows.map((r) => ({
      id: r.id,
      patientId: r.patient_id,
      nhsNumber: r.nhs_number,
      hospitalOds: r.hospital_ods,
      arrivedAt: r.arrived_at,
      respondBy: r.respond_by,
      status: r.status,
      teamCodes: r.team_codes,
    }));
  }

  /** Up to 200 waiting clocks past respond-by at `now` not yet alerted, claimed (SKIP LOCKED: one instance alerts each). */
  async claimBreached(em: EntityManager, now: Date): Promise<BreachedClock[]> {
    const rows: { id: string; patient_id: string; hospital_ods: string; respond_by: Date; team_codes: string[] }[] = await em.query(
      `SELECT id, patient_id, hospital_ods, respond_by, team_codes FROM ae_attendances
       WHERE status = 'waiting' AND breach_alerted_at IS NULL AND respond_by < $1
       ORDER BY respond_by LIMIT 200 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows.map((r) => ({ id: r.id, patientId: r.patient_id, hospitalOds: r.hospital_ods, respondBy: r.respond_by, teamCodes: r.team_codes }));
  }

  async breachAlerted(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query('UPDATE ae_attendances SET breach_alerted_at = $2 WHERE id = $1', [id, at]);
  }
}
