import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, selectCursorAt } from '../../../database/sql-params';
import type { AckCode } from './domain/ack';

/** A message in the log as stored (never its raw content). */
export interface Hl7MessageRow {
  id: string;
  sender: string;
  control_id: string;
  hospital_ods: string | null;
  event: string | null;
  status: string;
  ack_code: string;
  reason_code: string | null;
  reason: string | null;
  event_at: Date | null;
  received_at: Date;
  processed_at: Date | null;
  attempts: number;
}

/** What was answered for a message before (a resend gets the same answer). */
export interface Hl7Answer {
  id: string;
  status: string;
  ackCode: AckCode;
}

/** A stored message that can be applied again: its raw text, and where it came from. */
export interface StoredHl7Message {
  id: string;
  status: string;
  raw: string | null;
  hospitalOds: string | null;
  patientId: string | null;
}

export interface Hl7Outcome {
  ackCode: AckCode;
  reasonCode: string | null;
  reason: string | null;
  event: string | null;
  eventAt: Date | null;
}

/** Per sender: the last message, the failed and waiting backlog, and messages applied in 24 h. */
export interface FeedStateRow {
  sender: string;
  hospital_ods: string | null;
  last_at: Date;
  last_event: string | null;
  last_ack: string;
  failed: number;
  waiting: number;
  processed_24h: number;
}

const COLUMNS = 'id, sender, control_id, hospital_ods, event, status, ack_code, reason_code, reason, event_at, received_at, processed_at, attempts';

/** The HL7 message log (`hl7_messages`): claims, outcomes, the waiting queue, replay and the feed state. */
@Injectable()
export class Hl7MessagesRepository {
  /** The hospital whose ODS code this is, when it is one of these organisation types. */
  async hospital(em: EntityManager, odsCode: string, types: readonly string[]): Promise<string | null> {
    const [org]: { ods_code: string }[] = await em.query('SELECT ods_code FROM organisations WHERE ods_code = $1 AND type = ANY($2)', [odsCode, [...types]]);
    return org?.ods_code ?? null;
  }

  /**
   * Claims the message by its unique (sender, MSH-10), as a dead letter until its outcome is
   * recorded in the same transaction. Null when it was claimed before (a resend, or the same
   * message at another instance, which waits on the key for the first).
   */
  async claim(em: EntityManager, m: { sender: string; controlId: string; hospitalOds: string; raw: string }): Promise<string | null> {
    const claimed: { id: string }[] = await em.query(
      `INSERT INTO hl7_messages (sender, control_id, hospital_ods, status, ack_code, raw) VALUES ($1, $2, $3, 'failed', 'AE', $4)
       ON CONFLICT ON CONSTRAINT uq_hl7_messages_sender_control DO NOTHING RETURNING id`,
      [m.sender, m.controlId, m.hospitalOds, m.raw],
    );
    return claimed[0]?.id ?? null;
  }

  /** The message claimed before, locked. */
  async lockClaimed(em: EntityManager, sender: string, controlId: string): Promise<Hl7Answer> {
    const [row]: { id: string; status: string; ack_code: AckCode }[] = await em.query(
      'SELECT id, status, ack_code FROM hl7_messages WHERE sender = $1 AND control_id = $2 FOR UPDATE',
      [sender, controlId],
    );
    return { id: row.id, status: row.status, ackCode: row.ack_code };
  }

  /** A resend of a dead letter: another attempt with the text as sent now. */
  async resent(em: EntityManager, id: string, raw: string): Promise<void> {
    await em.query('UPDATE hl7_messages SET raw = $2, attempts = attempts + 1 WHERE id = $1', [id, raw]);
  }

  async countAttempt(em: EntityManager, id: string): Promise<void> {
    await em.query('UPDATE hl7_messages SET attempts = attempts + 1 WHERE id = $1', [id]);
  }

  /** The message could not be applied: a dead letter with the reason (kept for replay). */
  async failed(em: EntityManager, id: string, o: Hl7Outcome): Promise<void> {
    await em.query(
      `UPDATE hl7_messages SET status = 'failed', ack_code = $2, reason_code = $3, reason = $4, event = $5, event_at = $6, processed_at = now() WHERE id = $1`,
      [id, o.ackCode, o.reasonCode, o.reason, o.event, o.eventAt],
    );
  }

  /** Applied, or parked waiting for its admission; the raw text is dropped once processed. */
  async applied(em: EntityManager, id: string, status: 'processed' | 'waiting', o: Omit<Hl7Outcome, 'ackCode'> & { patientId: string }): Promise<void> {
    await em.query(
      `UPDATE hl7_messages SET status = $2::varchar, ack_code = 'AA', reason_code = $3, reason = $4, raw = CASE WHEN $2::varchar = 'processed' THEN NULL ELSE raw END,
         event = $5, event_at = $6, patient_id = $7, processed_at = now() WHERE id = $1`,
      [id, status, o.reasonCode, o.reason, o.event, o.eventAt, o.patientId],
    );
  }

  /** The patient's messages waiting for an admission (other than `exceptId`), oldest event first, locked (SKIP LOCKED). */
  waitingFor(em: EntityManager, patientId: string, exceptId: string): Promise<{ id: string; hospital_ods: string; raw: string }[]> {
    return em.query(
      `SELECT id, hospital_ods, raw FROM hl7_messages WHERE patient_id = $1 AND status = 'waiting' AND id <> $2
       ORDER BY event_at, received_at FOR UPDATE SKIP LOCKED`,
      [patientId, exceptId],
    );
  }

  /** Newest received first (received_at desc, id desc), after the keyset `after`. */
  list(em: EntityManager, q: { status?: string; sender?: string; after?: [string, string]; limit: number }): Promise<(Hl7MessageRow & CursorAt)[]> {
    return em.query(
      `SELECT ${COLUMNS}, ${selectCursorAt('received_at')} FROM hl7_messages
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR sender = $2)
         AND ($3::timestamptz IS NULL OR (received_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY received_at DESC, id DESC LIMIT $5`,
      [q.status ?? null, q.sender ?? null, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit],
    );
  }

  async lockStored(em: EntityManager, id: string): Promise<StoredHl7Message | null> {
    const [row]: { id: string; status: string; raw: string | null; hospital_ods: string | null; patient_id: string | null }[] = await em.query(
      'SELECT id, status, raw, hospital_ods, patient_id FROM hl7_messages WHERE id = $1 FOR UPDATE',
      [id],
    );
    return row ? { id: row.id, status: row.status, raw: row.raw, hospitalOds: row.hospital_ods, patientId: row.patient_id } : null;
  }

  async byId(em: EntityManager, id: string): Promise<Hl7MessageRow> {
    const [row]: Hl7MessageRow[] = await em.query(`SELECT ${COLUMNS}, patient_id FROM hl7_messages WHERE id = $1`, [id]);
    return row;
  }

  feedState(em: EntityManager): Promise<FeedStateRow[]> {
    return em.query(
      `SELECT s.sender, l.hospital_ods, l.received_at AS last_at, l.event AS last_event, l.ack_code AS last_ack,
         (SELECT count(*)::int FROM hl7_messages m WHERE m.sender = s.sender AND m.status = 'failed') AS failed,
         (SELECT count(*)::int FROM hl7_messages m WHERE m.sender = s.sender AND m.status = 'waiting') AS waiting,
         (SELECT count(*)::int FROM hl7_messages m WHERE m.sender = s.sender AND m.status = 'processed' AND m.received_at > now() - interval '24 hours') AS processed_24h
       FROM (SELECT DISTINCT sender FROM hl7_messages) s
       CROSS JOIN LATERAL (SELECT hospital_ods, received_at, event, ack_code FROM hl7_messages m WHERE m.sender = s.sender ORDER BY received_at DESC, id DESC LIMIT 1) l
       ORDER BY s.sender`,
    );
  }
}
