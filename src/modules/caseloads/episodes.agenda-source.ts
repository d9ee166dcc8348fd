import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgendaCandidate } from '../mdt/domain/agenda';
import { type AgendaQuery, MdtAgendaRegistry, type MdtAgendaSource } from '../mdt/mdt-agenda.registry';
import { CaseloadsForMdtRepository } from './for-mdt.repository';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** MDT agenda: episodes awaiting joint assessment or plan agreement, and 12-week reviews due by the meeting. */
@Injectable()
export class EpisodesAgendaSource implements MdtAgendaSource, OnModuleInit {
  readonly name = 'proactive_care_episodes';
  readonly reasons = ['episode_awaiting_assessment_or_agreement', 'twelve_week_review_due'] as const;

  constructor(
    private readonly registry: MdtAgendaRegistry,
    private readonly episodes: CaseloadsForMdtRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const rows = await this.episodes.episodesForAgenda(em, q.practiceOds, q.meetingStart);
    return rows.map((r) =>
      r.status === 'assessment' || r.status === 'mdt_review'
        ? {
            patientId: r.patientId,
            nhsNumber: r.nhsNumber,
            reason: 'episode_awaiting_assessment_or_agreement' as const,
            priority: r.statusChangedAt.getTime(),
            detail: r.status === 'assessment' ? `Joint assessment since ${day(r.statusChangedAt)}` : `Plan agreement awaited since ${day(r.statusChangedAt)}`,
          }
        : {
            patientId: r.patientId,
            nhsNumber: r.nhsNumber,
            reason: 'twelve_week_review_due' as const,
            priority: (r.plannedEndAt as Date).getTime(),
            detail: `12-week review due ${day(r.plannedEndAt as Date)}`,
          },
    );
  }
}
