import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgendaCandidate } from '../mdt/domain/agenda';
import { type AgendaQuery, MdtAgendaRegistry, type MdtAgendaSource } from '../mdt/mdt-agenda.registry';
import { CarePlansForMdtRepository } from './for-mdt.repository';

/** MDT agenda: care plans overdue review by the meeting, earliest review date first. */
@Injectable()
export class CarePlanOverdueReviewAgendaSource implements MdtAgendaSource, OnModuleInit {
  readonly name = 'care_plans_overdue_review';
  readonly reasons = ['care_plan_overdue_review'] as const;

  constructor(
    private readonly registry: MdtAgendaRegistry,
    private readonly plans: CarePlansForMdtRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const rows = await this.plans.dueReview(em, q.practiceOds, q.meetingStart);
    return rows.map((r) => ({
      patientId: r.patientId,
      nhsNumber: r.nhsNumber,
      reason: 'care_plan_overdue_review' as const,
      priority: r.reviewDueAt.getTime(),
      detail: `Review was due ${r.reviewDueAt.toISOString().slice(0, 10)}`,
    }));
  }
}
