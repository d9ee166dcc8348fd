import { Hl7Message } from '@medplum/core';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { Conflict, NotFound } from '../../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../../common/pagination';
import { readHeader } from './domain/adt';
import { Hl7IngestService } from './hl7-ingest.service';

export class Hl7MessageNotFound extends NotFound {
  constructor() {
    super('HL7_MESSAGE_NOT_FOUND', 'HL7 message not found', 'No HL7 message with this id');
  }
}

export class Hl7MessageNotReplayable extends Conflict {
  constructor() {
    super('HL7_MESSAGE_NOT_REPLAYABLE', 'Only a failed or waiting message can be replayed', 'This message has been applied already');
  }
}

/** A message in the log: what happened to it, never its content (the raw text stays in the database for replay). */
export interface Hl7MessageView {
  id: string;
  sender: string;
  controlId: string;
  hospitalOds: string | null;
  event: string | null;
  status: string;
  ackCode: string;
  reasonCode: string | null;
  reason: string | null;
  eventAt: string | null;
  receivedAt: string;
  processedAt: string | null;
  attempts: number;
}

interface Row {
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

const COLUMNS = 'id, sender, control_id, hospital_ods, event, status, ack_code, reason_code, reason, event_at, received_at, processed_at, attempts';

function toView(r: Row): Hl7MessageView {
  return {
    id: r.id,
    sender: r.sender,
    controlId: r.control_id,
    hospitalOds: r.hospital_ods,
    event: r.event,
    status: r.status,
    ackCode: r.ack_code,
    reasonCode: r.reason_code,
    reason: r.reason,
    eventAt: r.event_at?.toISOString() ?? null,
    receivedAt: r.received_at.toISOString(),
    processedAt: r.processed_at?.toISOString() ?? null,
    attempts: r.attempts,
  };
}

export interface FeedState {
  sender: string;
  hospitalOds: string | null;
  lastMessageAt: string;
  lastEvent: string | null;
  lastAck: string;
  failed: number;
  waiting: number;
  processed24h: number;
}

/** The HL7 message log, dead letters, replay and the feed state per sender. */
@Injectable()
export class Hl7MessagesService {
  constructor(
    private readonly db: DataSource,
    private readonly ingest: Hl7IngestService,
    private readonly audit: AuditService,
  ) {}

  /** Newest received first (receivedAt desc, id desc). */
  async list(q: { status?: string; sender?: string; limit: number; cursor?: string }): Promise<Page<Hl7MessageView>> {
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM hl7_messages
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR sender = $2)
         AND ($3::timestamptz IS NULL OR (received_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY received_at DESC, id DESC LIMIT $5`,
      [q.status ?? null, q.sender ?? null, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
    );
    return toPage(rows, q.limit, (r) => [r.received_at.toISOString(), r.id], toView);
  }

  /**
   * Applies a failed or waiting message again from its stored raw text (after reference data or
   * the admission it needed was fixed), with the same rules as when it arrived. Audited.
   */
  async replay(ctx: RequestContext, id: string): Promise<Hl7MessageView> {
    return this.db.transaction(async (em) => {
      const [row]: { id: string; status: string; raw: string | null; hospital_ods: string | null; patient_id: string | null }[] = await em.query(
        'SELECT id, status, raw, hospital_ods, patient_id FROM hl7_messages WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row) throw new Hl7MessageNotFound();
      if (row.status === 'processed' || !row.raw) throw new Hl7MessageNotReplayable();
      const msg = Hl7Message.parse(row.raw);
      const header = readHeader(msg);
      const hospital = row.hospital_ods ?? (await this.ingest.hospitalFor(header.facility));
      await em.query('UPDATE hl7_messages SET attempts = attempts + 1 WHERE id = $1', [id]);
      await this.ingest.attempt(em, id, msg, hospital ?? header.facility, header);
      const [after]: Row[] = await em.query(`SELECT ${COLUMNS}, patient_id FROM hl7_messages WHERE id = $1`, [id]);
      await this.audit.record(em, ctx, { action: 'hl7_message.replay', resourceType: 'hl7_message', resourceId: id });
      return toView(after);
    });
  }

  /** Per sender: the last message, the failed (dead letter) and waiting backlog, and messages applied in 24 h. */
  async feedState(): Promise<FeedState[]> {
    const rows: {
      sender: string;
      hospital_ods: string | null;
      last_at: Date;
      last_event: string | null;
      last_ack: string;
      failed: number;
      waiting: number;
      processed_24h: number;
    }[] = await this.db.query(
      `SELECT s.sender, l.hospital_ods, l.received_at AS last_at, l.event AS last_event, l.ack_code AS last_ack,
         (SELECT count(*)::int FROM hl7_messages m WHERE m.sender = s.sender AND m.status = 'failed') AS failed,
         (SELECT count(*)::int FROM hl7_messages m WHERE m.sender = s.sender AND m.status = 'waiting') AS waiting,
         (SELECT count(*)::int FROM hl7_messages m WHERE m.sender = s.sender AND m.status = 'processed' AND m.received_at > now() - interval '24 hours') AS processed_24h
       FROM (SELECT DISTINCT sender FROM hl7_messages) s
       CROSS JOIN LATERAL (SELECT hospital_ods, received_at, event, ack_code FROM hl7_messages m WHERE m.sender = s.sender ORDER BY received_at DESC, id DESC LIMIT 1) l
       ORDER BY s.sender`,
    );
    return rows.map((r) => ({
      sender: r.sender,
      hospitalOds: r.hospital_ods,
      lastMessageAt: r.last_at.toISOString(),
      lastEvent: r.last_event,
      lastAck: r.last_ack,
      failed: r.failed,
      waiting: r.waiting,
      processed24h: r.processed_24h,
    }));
  }
}
