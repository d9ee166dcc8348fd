import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgendaCandidate } from '../mdt/domain/agenda';
import { type AgendaQuery, MdtAgendaRegistry, type MdtAgendaSource } from '../mdt/mdt-agenda.registry';
import { CaseloadsForMdtRepository } from './for-mdt.repository';

/** Highest-risk candidates: the practice's top share by latest score (NHS England's case-management register: 2%), at most this many. */
export const HIGH_RISK_SHARE = 0.02;
export const HIGH_RISK_MAX = 50;

/** MDT agenda: the practice's highest-risk patients by latest score, not in an open Pro-Active Care episode. */
@Injectable()
export class HighRiskAgendaSource implements MdtAgendaSource, OnModuleInit {
  readonly name = 'high_risk_not_enrolled';
  readonly reasons = ['high_risk_not_enrolled'] as const;

  constructor(
    private readonly registry: MdtAgendaRegistry,
    private readonly risk: CaseloadsForMdtRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const rows = await this.risk.highestRiskNotEnrolled(em, q.practiceOds, HIGH_RISK_SHARE, HIGH_RISK_MAX);
    return rows.map((r) => ({
      patientId: r.patientId,
      nhsNumber: r.nhsNumber,
      reason: 'high_risk_not_enrolled' as const,
      priority: -r.score,
      detail: `Risk score ${r.score} (${r.model}), not enrolled`,
    }));
  }
}
