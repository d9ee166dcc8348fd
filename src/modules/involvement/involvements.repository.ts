import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An explicit involvement: a team added as involved with a patient, for a reason, until an end date. */
export interface Involvement {
  id: string;
  teamCode: string;
  reason: string;
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  addedBy: string;
}

export interface NewInvolvement {
  patientId: string;
  teamCode: string;
  reason: string;
  startsAt: Date;
  endsAt: Date;
  addedBy: string;
}

const COLUMNS = `id, team_code AS "teamCode", reason, starts_at AS "startsAt", ends_at AS "endsAt", ended_at AS "endedAt", added_by AS "addedBy"`;

/** The patient_involvements table. */
/** Teams added as involved with the patient (`$1`), while the addition is current. */
export const CURRENT_INVOLVED_TEAMS = `SELECT DISTINCT team_code FROM patient_involvements
  WHERE patient_id = $1 AND ended_at IS NULL AND starts_at <= now() AND ends_at > now()`;

@Injectable()
export class InvolvementsRepository {
  async insert(em: EntityManager, i: NewInvolvement): Promise<Involvement> {
    const [row]: Involvement[] = await em.query(
      `INSERT INTO patient_involvements (patient_id, team_code, reason, starts_at, ends_at, added_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [i.patientId, i.teamCode, i.reason, i.startsAt, i.endsAt, i.addedBy],
    );
    return row;
  }

  /** The patient's involvements, latest start first. */
  forPatient(em: EntityManager, patientId: string): Promise<Involvement[]> {
    return em.query(`SELECT ${COLUMNS} FROM patient_involvements WHERE patient_id = $1 ORDER BY starts_at DESC, id`, [patientId]);
  }

  /** Ends the patient's involvement now (kept when already ended); null when the patient has no such involvement. */
  async end(em: EntityManager, id: string, patientId: string): Promise<Involvement | null> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [[row]]: [Involvement[], number] = await em.query(
      `UPDATE patient_involvements SET ended_at = COALESCE(ended_at, now()) WHERE id = $1 AND patient_id = $2 RETURNING ${COLUMNS}`,
      [id, patientId],
    );
    return row ?? null;
  }
}
