import { Hl7Message } from '@medplum/core';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { Page, decodeCursor, toPage } from '../../../common/pagination';
import { readHeader } from './domain/adt';
import { Hl7IngestService } from './hl7-ingest.service';
import { type Hl7MessageRow, Hl7MessagesRepository } from './hl7-messages.repository';
import { Hl7MessageNotFound, Hl7MessageNotReplayable } from '../integration-errors';

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

function toView(r: Hl7MessageRow): Hl7MessageView {
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
    private readonly messages: Hl7MessagesRepository,
  ) {}

  /** Newest received first (receivedAt desc, id desc). */
  async list(q: { status?: string; sender?: string; limit: number; cursor?: string }): Promise<Page<Hl7MessageView>> {
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    const rows = await this.messages.list(this.db.manager, { status: q.status, sender: q.sender, after, limit: q.limit + 1 });
    return toPage(rows, q.limit, (r) => [r.cursorAt, r.id], toView);
  }

  /**
   * Applies a failed or waiting message again from its stored raw text (after reference data or
   * the admission it needed was fixed), with the same rules as when it arrived. Audited.
   */
  async replay(ctx: RequestContext, id: string): Promise<Hl7MessageView> {
    return this.db.transaction(async (em) => {
      const row = await this.messages.lockStored(em, id);
      if (!row) throw new Hl7MessageNotFound();
      if (row.status === 'processed' || !row.raw) throw new Hl7MessageNotReplayable();
      const msg = Hl7Message.parse(row.raw);
      const header = readHeader(msg);
      const hospital = row.hospitalOds ?? (await this.ingest.hospitalFor(header.facility));
      await this.messages.countAttempt(em, id);
      await this.ingest.attempt(em, id, msg, hospital ?? header.facility, header);
      const after = await this.messages.byId(em, id);
      await this.audit.record(em, ctx, { action: 'hl7_message.replay', resourceType: 'hl7_message', resourceId: id });
      return toView(after);
    });
  }

  /** Per sender: the last message, the failed (dead letter) and waiting backlog, and messages applied in 24 h. */
  async feedState(): Promise<FeedState[]> {
    const rows = await this.messages.feedState(this.db.manager);
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
