import { Hl7Message } from '@medplum/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Permission } from '../../../common/auth/permissions';
import type { RequestContext } from '../../../common/auth/principal';
import { DomainError } from '../../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { HOSPITAL_TYPES } from '../../admissions/domain/admission-rules';
import { type AckCode, ackFor } from './domain/ack';
import { type AdtEvent, AdtProblem, type AdtHeader, readAdt, readHeader } from './domain/adt';
import { type Applied, Hl7ApplyService } from './hl7-apply.service';

/** The feed acts as a system user that may open any patient (every write is audited under `hl7:<facility>`). */
export function feedContext(facility: string, correlationId: string): RequestContext {
  return {
    principal: {
      sub: `hl7:${facility}`,
      name: 'Hospital ADT feed',
      roles: ['system'],
      teams: [],
      permissions: new Set([Permission.PatientRead, Permission.PatientReadAny]),
    },
    correlationId,
  };
}

interface Outcome {
  ack: AckCode;
  status: 'processed' | 'failed' | 'waiting' | 'refused' | 'duplicate';
  problem?: Pick<AdtProblem, 'code' | 'location' | 'message'>;
}

interface MessageRow {
  id: string;
  status: string;
  ack_code: AckCode;
  reason_code: string | null;
  reason: string | null;
}

/** A domain error from the admissions pipeline as an ERR: our code and title, never values. */
function problemOf(e: unknown): AdtProblem {
  if (e instanceof AdtProblem) return e;
  if (e instanceof DomainError) {
    const fields = (e.errors ?? []).map((f) => `${f.field} ${f.message}`).join('; ');
    return new AdtProblem(`HL7_${e.code}`.slice(0, 48), 'PV1', fields ? `${e.title}: ${fields}` : e.title);
  }
  return new AdtProblem('HL7_INTERNAL_ERROR', 'MSH', 'The message could not be applied (internal error); it is kept for replay');
}

/**
 * Receives one HL7 v2 message and answers its ACK. The ACK is built only after the transaction that
 * records the message (and its effect) has committed: AA = applied (or parked in order, or a
 * duplicate of one applied), AE = bad content (kept as a dead letter with the reason), AR = refused
 * (unknown sender, unsupported message). Exactly once: the message row is claimed by its unique
 * (sender, MSH-10) in the same transaction as the effect, so a resend, or the same message at two
 * instances, waits for the first and is answered again without a second effect.
 */
@Injectable()
export class Hl7IngestService {
  private readonly logger = new Logger('Hl7Feed');

  constructor(
    private readonly db: DataSource,
    private readonly applier: Hl7ApplyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(msg: Hl7Message): Promise<Hl7Message> {
    const started = Date.now();
    const outcome = await this.handle(msg);
    const event = msg.getSegment('MSH')?.getComponent(9, 2) ?? null;
    // Event names and codes only: never the control id, identifiers or content.
    this.logger.log({ event: 'hl7_message', trigger: event, ack: outcome.ack, status: outcome.status, reason: outcome.problem?.code ?? null, ms: Date.now() - started });
    return ackFor(msg, outcome.ack, outcome.problem);
  }

  /** The hospital a sending facility speaks for: configured (HL7_SENDERS), or a hospital whose ODS code it is. */
  async hospitalFor(facility: string): Promise<string | null> {
    const configured = this.config.integrations.senders[facility];
    if (configured) return configured;
    const [org]: { ods_code: string }[] = await this.db.query('SELECT ods_code FROM organisations WHERE ods_code = $1 AND type = ANY($2)', [
      facility,
      [...HOSPITAL_TYPES],
    ]);
    return org?.ods_code ?? null;
  }

  private async handle(msg: Hl7Message): Promise<Outcome> {
    let header: AdtHeader;
    try {
      header = readHeader(msg);
    } catch (e) {
      // No sender or control id: nothing to deduplicate on or replay; answered, not stored.
      const p = problemOf(e);
      return { ack: p.refuse ? 'AR' : 'AE', status: 'refused', problem: p };
    }
    const hospital = await this.hospitalFor(header.facility);
    if (!hospital) {
      return { ack: 'AR', status: 'refused', problem: new AdtProblem('HL7_UNKNOWN_SENDER', 'MSH-4', 'The sending facility is not configured', true) };
    }
    return this.db.transaction((em) => this.process(em, msg, header, hospital));
  }

  private async process(em: EntityManager, msg: Hl7Message, header: AdtHeader, hospital: string): Promise<Outcome> {
    const raw = msg.toString();
    const claimed: { id: string }[] = await em.query(
      `INSERT INTO hl7_messages (sender, control_id, hospital_ods, status, ack_code, raw) VALUES ($1, $2, $3, 'failed', 'AE', $4)
       ON CONFLICT ON CONSTRAINT uq_hl7_messages_sender_control DO NOTHING RETURNING id`,
      [header.facility, header.controlId, hospital, raw],
    );
    let id = claimed[0]?.id;
    if (!id) {
      const [row]: MessageRow[] = await em.query(
        'SELECT id, status, ack_code, reason_code, reason FROM hl7_messages WHERE sender = $1 AND control_id = $2 FOR UPDATE',
        [header.facility, header.controlId],
      );
      // Applied (or parked) before: answer the same again, with no second effect.
      if (row.status !== 'failed') return { ack: row.ack_code, status: 'duplicate' };
      // A resend of a dead letter is another attempt (the sender may have fixed it).
      await em.query('UPDATE hl7_messages SET raw = $2, attempts = attempts + 1 WHERE id = $1', [row.id, raw]);
      id = row.id;
    }
    return this.attempt(em, id, msg, hospital, header);
  }

  /** Reads and applies the stored message `id` (inside a savepoint) and records the outcome on its row. */
  async attempt(em: EntityManager, id: string, msg: Hl7Message, hospital: string, header: AdtHeader, drain = true): Promise<Outcome> {
    let ev: AdtEvent | undefined;
    let applied: Applied | undefined;
    let problem: AdtProblem | undefined;
    await em.query('SAVEPOINT hl7_apply');
    try {
      ev = readAdt(msg);
      applied = await this.applier.apply(em, feedContext(header.facility, `hl7:${id}`), ev, hospital);
      await em.query('RELEASE SAVEPOINT hl7_apply');
    } catch (e) {
      await em.query('ROLLBACK TO SAVEPOINT hl7_apply');
      problem = problemOf(e);
      if (!(e instanceof AdtProblem) && !(e instanceof DomainError)) this.logger.error({ event: 'hl7_apply_failed', error: (e as Error)?.name ?? 'Error' });
    }
    const trigger = ev?.event ?? (header.trigger || null);
    if (!applied || problem) {
      const ack: AckCode = problem?.refuse ? 'AR' : 'AE';
      await em.query(
        `UPDATE hl7_messages SET status = 'failed', ack_code = $2, reason_code = $3, reason = $4, event = $5, event_at = $6, processed_at = now() WHERE id = $1`,
        [id, ack, problem?.code ?? null, problem?.message ?? null, trigger, ev?.eventAt ?? null],
      );
      return { ack, status: 'failed', problem };
    }
    await em.query(
      `UPDATE hl7_messages SET status = $2::varchar, ack_code = 'AA', reason_code = $3, reason = $4, raw = CASE WHEN $2::varchar = 'processed' THEN NULL ELSE raw END,
         event = $5, event_at = $6, patient_id = $7, processed_at = now() WHERE id = $1`,
      [
        id,
        applied.outcome,
        applied.outcome === 'waiting' ? 'HL7_NO_ADMISSION' : null,
        applied.outcome === 'waiting' ? 'Waiting for the admission this event refers to (applied in event-time order when it arrives)' : null,
        trigger,
        ev?.eventAt ?? null,
        applied.patientId,
      ],
    );
    if (drain && applied.outcome === 'processed') await this.drainWaiting(em, applied.patientId, id);
    return { ack: 'AA', status: applied.outcome };
  }

  /**
   * After an event of a patient is applied, the events that were waiting for it are tried again,
   * oldest event time first; those that still cannot apply keep waiting.
   */
  private async drainWaiting(em: EntityManager, patientId: string, exceptId: string): Promise<void> {
    const waiting: { id: string; hospital_ods: string; raw: string }[] = await em.query(
      `SELECT id, hospital_ods, raw FROM hl7_messages WHERE patient_id = $1 AND status = 'waiting' AND id <> $2
       ORDER BY event_at, received_at FOR UPDATE SKIP LOCKED`,
      [patientId, exceptId],
    );
    for (const w of waiting) {
      await em.query('UPDATE hl7_messages SET attempts = attempts + 1 WHERE id = $1', [w.id]);
      const msg = Hl7Message.parse(w.raw);
      // Parked events were answered AA already; one that now fails becomes a dead letter for the admins.
      await this.attempt(em, w.id, msg, w.hospital_ods, readHeader(msg), false);
    }
  }
}
