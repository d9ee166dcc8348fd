import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgendaCandidate } from '../mdt/domain/agenda';
import { type AgendaQuery, MdtAgendaRegistry, type MdtAgendaSource } from '../mdt/mdt-agenda.registry';
import { AdmissionsForMdtRepository } from './for-mdt.repository';

/** The first meeting of a practice looks back this far for admissions and discharges. */
export const FIRST_MEETING_LOOKBACK_DAYS = 31;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** MDT agenda: patients admitted or discharged since the practice's last meeting, earliest event first. */
@Injectable()
export class AdmissionsAgendaSource implements MdtAgendaSource, OnModuleInit {
  readonly name = 'admissions_since_last_meeting';
  readonly reasons = ['admitted_or_discharged'] as const;

  constructor(
    private readonly registry: MdtAgendaRegistry,
    private readonly admissions: AdmissionsForMdtRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async candidates(em: EntityManager, q: AgendaQuery): Promise<AgendaCandidate[]> {
    const since = q.since ?? new Date(q.meetingStart.getTime() - FIRST_MEETING_LOOKBACK_DAYS * 86_400_000);
    const rows = await this.admissions.admittedOrDischarged(em, q.practiceOds, since, q.meetingStart);
    return rows.map((r) => {
      const discharged = r.dischargedAt && r.dischargedAt > since && r.dischargedAt <= q.meetingStart;
      const at = discharged ? (r.dischargedAt as Date) : r.admittedAt;
      return {
        patientId: r.patientId,
        nhsNumber: r.nhsNumber,
        reason: 'admitted_or_discharged' as const,
        priority: at.getTime(),
        detail: discharged ? `Discharged ${day(at)}` : `Admitted ${day(at)}`,
      };
    });
  }
}
