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
import { Hl7MessagesRepository } from './hl7-messages.repository';

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
    private readonly messages: Hl7MessagesRepository,
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
    return this.messages.hospital(this.db.manager, facility, HOSPITAL_TYPES);
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
    let id = await this.messages.claim(em, { sender: header.facility, controlId: header.controlId, hospitalOds: hospital, raw });
    if (!id) {
      const before = await this.messages.lockClaimed(em, header.facility, header.controlId);
      // Applied (or parked) before: answer the same again, with no second effect.
      if (before.status !== 'failed') return { ack: before.ackCode, status: 'duplicate' };
      // A resend of a dead letter is another attempt (the sender may have fixed it).
      await this.messages.resent(em, before.id, raw);
      id = before.id;
    }
    return this.attempt(em, id, msg, hospital, header);
  }

  /**
   * Reads and applies the stored message `id` (inside a savepoint: the caller's transaction is
   * nested, so a failed apply rolls back to it) and records the outcome on its row.
   */
  async attempt(em: EntityManager, id: string, msg: Hl7Message, hospital: string, header: AdtHeader, drain = true): Promise<Outcome> {
    let ev: AdtEvent | undefined;
    let applied: Applied | undefined;
    let problem: AdtProblem | undefined;
    try {
      ev = readAdt(msg);
      const event = ev;
      applied = await em.transaction((tx) => this.applier.apply(tx, feedContext(header.facility, `hl7:${id}`), event, hospital));
    } catch (e) {
      problem = problemOf(e);
      if (!(e instanceof AdtProblem) && !(e instanceof DomainError)) this.logger.error({ event: 'hl7_apply_failed', error: (e as Error)?.name ?? 'Error' });
    }
    const trigger = ev?.event ?? (header.trigger || null);
    if (!applied || problem) {
      const ack: AckCode = problem?.refuse ? 'AR' : 'AE';
      await this.messages.failed(em, id, { ackCode: ack, reasonCode: problem?.code ?? null, reason: problem?.message ?? null, event: trigger, eventAt: ev?.eventAt ?? null });
      return { ack, status: 'failed', problem };
    }
    const waiting = applied.outcome === 'waiting';
    await this.messages.applied(em, id, applied.outcome, {
      reasonCode: waiting ? 'HL7_NO_ADMISSION' : null,
      reason: waiting ? 'Waiting for the admission this event refers to (applied in event-time order when it arrives)' : null,
      event: trigger,
      eventAt: ev?.eventAt ?? null,
      patientId: applied.patientId,
    });
    if (drain && applied.outcome === 'processed') await this.drainWaiting(em, applied.patientId, id);
    return { ack: 'AA', status: applied.outcome };
  }

  /**
   * After an event of a patient is applied, the events that were waiting for it are tried again,
   * oldest event time first; those that still cannot apply keep waiting.
   */
  private async drainWaiting(em: EntityManager, patientId: string, exceptId: string): Promise<void> {
    const waiting = await this.messages.waitingFor(em, patientId, exceptId);
    for (const w of waiting) {
      await this.messages.countAttempt(em, w.id);
      const msg = Hl7Message.parse(w.raw);
      // Parked events were answered AA already; one that now fails becomes a dead letter for the admins.
      await this.attempt(em, w.id, msg, w.hospital_ods, readHeader(msg), false);
    }
  }
}
