import { Injectable } from '@nestjs/common';
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
