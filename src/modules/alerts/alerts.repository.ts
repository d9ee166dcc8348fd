import { Injectable } from '@nestjs/common';
import type { ClientBase } from 'pg';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import type { AlertStatus } from './alert.entity';

/** The PostgreSQL NOTIFY channel: `{ id, teamCode }` of each alert, sent when its transaction commits. */
export const ALERT_CHANNEL = 'alert_raised';

/** Starts listening for raised alerts on a dedicated connection (the live stream's, one per instance). */
export async function listenForAlerts(client: ClientBase): Promise<void> {
  await client.query(`LISTEN ${ALERT_CHANNEL}`);
}

/** An alert with the NHS number of its patient (if any). */
export interface Alert {
  id: string;
  type: string;
  teamCode: string;
  nhsNumber: string | null;
  patientId: string | null;
  status: AlertStatus;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  detail: Record<string, unknown>;
}

export interface NewAlerts {
  type: string;
  teamCodes: string[];
  patientId: string | null;
  detail: Record<string, unknown>;
  dedupeKey: string | null;
  /** Insert nothing when the patient has died. */
  unlessDied: boolean;
}

/** An open alert as the single patient view lists it. */
export interface OpenAlert {
  id: string;
  type: string;
  teamCode: string;
  createdAt: Date;
}

export interface AlertFilter {
  teamCodes: string[];
  status?: AlertStatus;
  /** Keyset: alerts before this (createdAt, id), newest first. */
  before?: [string, string];
  limit: number;
}

const ALERT_COLUMNS = `a.id, a.type, a.team_code AS "teamCode", p.nhs_number AS "nhsNumber", a.patient_id AS "patientId", a.status,
  a.created_at AS "createdAt", a.acknowledged_at AS "acknowledgedAt", a.acknowledged_by AS "acknowledgedBy", a.detail`;
const FROM_ALERTS = 'FROM alerts a LEFT JOIN patients p ON p.id = a.patient_id';
const SELECT_ALERT = `SELECT ${ALERT_COLUMNS} ${FROM_ALERTS}`;

/** The alerts table, and the NOTIFY that tells every instance's live streams of a new alert. */
/** The patient's (`$1`) open alerts, newest first (at most 50): the single patient view's `openAlerts`. */
export const OPEN_ALERTS_OF_PATIENT = `SELECT id, type, team_code AS "teamCode", created_at AS "createdAt" FROM alerts
  WHERE patient_id = $1 AND status = 'open' ORDER BY created_at DESC LIMIT 50`;

@Injectable()
export class AlertsRepository {
  /**
   * One alert per team; a dedupe key already used creates nothing. Answers the alerts actually
   * created. A patient who has died gets none when `unlessDied` (checked in the same statement).
   */
  insert(em: EntityManager, a: NewAlerts): Promise<{ id: string; teamCode: string; createdAt: Date }[]> {
    return em.query(
      `INSERT INTO alerts (type, team_code, patient_id, detail, dedupe_key)
       SELECT $1, t, $2::uuid, $3::jsonb, CASE WHEN $4::text IS NULL THEN NULL ELSE $4 || ':' || t END
       FROM unnest($5::varchar[]) AS t
       WHERE NOT ($6::boolean AND EXISTS (SELECT 1 FROM patients p WHERE p.id = $2::uuid AND p.deceased_at IS NOT NULL))
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, team_code AS "teamCode", created_at AS "createdAt"`,
      [a.type, a.patientId, JSON.stringify(a.detail), a.dedupeKey, a.teamCodes, a.unlessDied],
    );
  }

  /** Sends each payload on `channel`; PostgreSQL delivers them when the transaction commits (never on rollback). */
  async notify(em: EntityManager, channel: string, payloads: string[]): Promise<void> {
    await em.query(`SELECT pg_notify($1, n) FROM unnest($2::text[]) AS n`, [channel, payloads]);
  }

  /** Newest first. */
  list(em: EntityManager, f: AlertFilter): Promise<(Alert & CursorAt)[]> {
    const p = new SqlParams([f.teamCodes]);
    const where = ['a.team_code = ANY($1)'];
    if (f.status) where.push(`a.status = ${p.add(f.status)}`);
    if (f.before) where.push(p.keyset('a.created_at, a.id', '<', f.before));
    return em.query(
      `SELECT ${ALERT_COLUMNS}, ${selectCursorAt('a.created_at')} ${FROM_ALERTS}
       WHERE ${where.join(' AND ')} ORDER BY a.created_at DESC, a.id DESC LIMIT ${p.add(f.limit)}`,
      p.values,
    );
  }

  async byId(em: EntityManager, id: string): Promise<Alert | null> {
    const [row]: Alert[] = await em.query(`${SELECT_ALERT} WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  /** The alert, with its row locked (for acknowledging it). */
  async lock(em: EntityManager, id: string): Promise<Alert | null> {
    const [row]: Alert[] = await em.query(`${SELECT_ALERT} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
    return row ?? null;
  }

  /** Acknowledges an open alert; answers the acknowledgement's fields. */
  async acknowledge(em: EntityManager, id: string, by: string): Promise<Pick<Alert, 'id' | 'acknowledgedAt' | 'acknowledgedBy' | 'status'>> {
    const [rows]: [Pick<Alert, 'id' | 'acknowledgedAt' | 'acknowledgedBy' | 'status'>[]] = await em.query(
      `UPDATE alerts SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1
       RETURNING id, acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy", status`,
      [id, by],
    );
    return rows[0];
  }
}
