import { Inject, Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgendaCandidate, AgendaReason } from './domain/agenda';

/** What a source is asked for: one practice's registered patients, as of one meeting. */
export interface AgendaQuery {
  practiceOds: string;
  /** Start of the previous (non-cancelled) meeting of the practice, or null for the first one. */
  since: Date | null;
  /** Start of the meeting the agenda is for. */
  meetingStart: Date;
  now: Date;
}

/**
 * A capability that proposes patients for MDT agendas from its own live data (admissions,
 * Pro-Active Care episodes, care plans, risk). Registered from the capability's own module
 * `onModuleInit`, like RelationshipRegistry providers; the MDT module needs no change when one is
 * added. A source must return only patients registered with `practiceOds` and must answer from
 * indexed queries (agenda generation runs them all in one request).
 */
export interface MdtAgendaSource {
  readonly name: string;
  /** The reasons this source can produce (documentation and checks). */
  readonly reasons: readonly AgendaReason[];
  candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]>;
}

@Injectable()
export class MdtAgendaRegistry {
  private readonly sources: MdtAgendaSource[] = [];

  /** Idempotent by name: registering the same source twice keeps the first. */
  register(source: MdtAgendaSource): void {
    if (!this.sources.some((s) => s.name === source.name)) this.sources.push(source);
  }

  names(): string[] {
    return this.sources.map((s) => s.name);
  }

  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    // Sequential: they share the caller's transaction (one connection).
    const out: AgendaCandidate[] = [];
    for (const s of this.sources) out.push(...(await s.candidates(em, q)));
    return out;
  }
}

/** What a source's rows carry: the patient and the NHS number shown (and audited) on the agenda. */
export interface AgendaPatientRow {
  patientId: string;
  nhsNumber: string;
}

/** What a source says about one of its rows: why the patient is proposed, and how urgently. */
export type AgendaProposal = Omit<AgendaCandidate, 'patientId' | 'nhsNumber'>;

export interface AgendaSourceSpec<Reader, Row extends AgendaPatientRow> {
  /** The class name of the provider (Nest's messages and logs). */
  className: string;
  name: string;
  reasons: readonly AgendaReason[];
  /** The owning module's read repository (an injectable class) that answers `rows`. */
  reader: Type<Reader>;
  rows(reader: Reader, em: EntityManager, q: AgendaQuery): Promise<Row[]>;
  propose(row: Row, q: AgendaQuery): AgendaProposal;
}

/**
 * An MdtAgendaSource provider for a capability's module: it registers itself with the registry on
 * module init, reads its rows through the capability's own repository, and proposes each row's
 * patient with the reason, priority and detail `propose` gives.
 */
export function agendaSource<Reader, Row extends AgendaPatientRow>(spec: AgendaSourceSpec<Reader, Row>): Type<MdtAgendaSource & OnModuleInit> {
  @Injectable()
  class RegisteredAgendaSource implements MdtAgendaSource, OnModuleInit {
    readonly name = spec.name;
    readonly reasons = spec.reasons;

    constructor(
      @Inject(MdtAgendaRegistry) private readonly registry: MdtAgendaRegistry,
      @Inject(spec.reader) private readonly reader: Reader,
    ) {}

    onModuleInit(): void {
      this.registry.register(this);
    }

    async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
      const rows = await spec.rows(this.reader, em, q);
      return rows.map((r) => ({ patientId: r.patientId, nhsNumber: r.nhsNumber, ...spec.propose(r, q) }));
    }
  }
  Object.defineProperty(RegisteredAgendaSource, 'name', { value: spec.className });
  return RegisteredAgendaSource;
}
