import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { parseNhsNumber } from '../../common/validation/nhs-number';
import { AgendaRepository } from './agenda.repository';
import { AGENDA_REASONS, type AgendaCandidate, type AgendaReason, buildAgenda, capacityOf } from './domain/agenda';
import type { AddAgendaItemDto } from './dto/mdt.dto';
import { MdtAgendaRegistry } from './mdt-agenda.registry';
import { MdtInvalid } from './mdt-errors';
import { type AgendaView, minutesBetween, toAgendaItemView } from './mdt.view';
import { type MeetingRecord, MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

/**
 * A meeting's agenda. Built from live data: every registered MdtAgendaSource (each owned by the
 * module whose data it reads) proposes patients of the meeting's practice; then kept by hand (added,
 * removed, reordered). Every patient shown is audited.
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly registry: MdtAgendaRegistry,
    private readonly items: AgendaRepository,
    private readonly meetingRows: MeetingsRepository,
    private readonly meetings: MeetingsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Builds the agenda from live data: the previous meeting's overflow goes first; manual items stay;
   * patients removed by hand stay off. Patients registered with the practice are known to the
   * meeting's team (practice alignment), so no per-patient gate is needed; each patient listed is audited.
   */
  async generateAgenda(ctx: RequestContext, id: string): Promise<AgendaView> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const m = await this.meetings.lockScheduled(em, ctx, id);
      const prev = await this.meetingRows.previous(em, m.practiceOds, m.startsAt, id);
      const rolled = prev ? await this.items.overflowOf(em, prev.id, m.practiceOds) : [];
      const own = await this.items.itemsOf(em, id);
      const candidates = await this.registry.candidates(em, { practiceOds: m.practiceOds, since: prev?.startsAt ?? null, meetingStart: m.startsAt, now });
      const plan = buildAgenda({
        candidates,
        rolledOver: rolled
          .filter((r) => (AGENDA_REASONS as readonly string[]).includes(r.reason))
          .map((r, i): AgendaCandidate => ({ patientId: r.patientId, nhsNumber: r.nhsNumber, reason: r.reason as AgendaReason, priority: i, detail: r.detail ?? undefined })),
        manual: own.filter((r) => r.source === 'manual' && r.status === 'scheduled').map((r) => ({ patientId: r.patientId, nhsNumber: r.nhsNumber, order: r.position, detail: r.detail })),
        removed: own.filter((r) => r.status === 'removed').map((r) => r.patientId),
        durationMinutes: minutesBetween(m.startsAt, m.endsAt),
        minutesPerPatient: m.minutesPerPatient,
      });
      await this.items.replaceGenerated(
        em,
        id,
        [...plan.items.map((it) => ({ ...it, status: 'scheduled' as const })), ...plan.overflow.map((it) => ({ ...it, status: 'overflow' as const }))],
        ctx.principal.sub,
      );
      await this.meetingRows.markAgendaGenerated(em, id, now);
      return this.agendaOf(em, ctx, m, 'mdt.agenda.generate');
    });
  }

  async getAgenda(ctx: RequestContext, id: string): Promise<AgendaView> {
    return this.db.transaction(async (em) => this.agendaOf(em, ctx, await this.meetings.forCaller(em, ctx, id), 'mdt.agenda.read'));
  }

  /** Adds a patient by hand (through the access gate); a manual item survives regeneration. */
  async addAgendaItem(ctx: RequestContext, id: string, dto: AddAgendaItemDto): Promise<AgendaView> {
    return this.db.transaction(async (em) => {
      const m = await this.meetings.lockScheduled(em, ctx, id);
      const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'mdt.agenda.add', resourceType: 'mdt_meeting', resourceId: id });
      await this.items.addManual(em, { meetingId: id, patientId: patient.id, detail: dto.detail ?? null, minutes: m.minutesPerPatient, addedBy: ctx.principal.sub });
      return this.agendaOf(em, ctx, m, 'mdt.agenda.read');
    });
  }

  /** Takes a patient off the agenda; regeneration does not bring them back to this meeting. */
  async removeAgendaItem(ctx: RequestContext, id: string, nhsNumber: string): Promise<AgendaView> {
    return this.db.transaction(async (em) => {
      const m = await this.meetings.forCaller(em, ctx, id, true);
      const patientId = await this.items.remove(em, id, nhsNumber);
      if (!patientId) throw new MdtInvalid('nhsNumber', 'is not on this agenda');
      await this.audit.record(em, ctx, { action: 'mdt.agenda.remove', resourceType: 'mdt_meeting', resourceId: id, patient: { id: patientId, nhsNumber } });
      await this.items.renumber(em, id);
      return this.agendaOf(em, ctx, m, 'mdt.agenda.read');
    });
  }

  /** The new order of every patient on the agenda (each exactly once). */
  async reorderAgenda(ctx: RequestContext, id: string, nhsNumbers: string[]): Promise<AgendaView> {
    const order = nhsNumbers.map((n) => {
      const r = parseNhsNumber(n);
      return r.ok ? r.value : n;
    });
    return this.db.transaction(async (em) => {
      const m = await this.meetings.forCaller(em, ctx, id, true);
      const current = await this.items.scheduled(em, id);
      const byNhs = new Map(current.map((c) => [c.nhsNumber, c.patientId]));
      if (order.length !== current.length || new Set(order).size !== order.length || order.some((n) => !byNhs.has(n))) {
        throw new MdtInvalid('nhsNumbers', 'must list every patient on the agenda exactly once');
      }
      await this.items.reorder(em, id, order.map((n) => byNhs.get(n) as string));
      return this.agendaOf(em, ctx, m, 'mdt.agenda.read');
    });
  }

  /** The agenda as shown, each patient on it audited under `action`. */
  private async agendaOf(em: EntityManager, ctx: RequestContext, m: MeetingRecord, action: string): Promise<AgendaView> {
    const rows = await this.items.listed(em, m.id);
    await this.audit.record(
      em,
      ctx,
      rows.map((r) => ({ action, resourceType: 'mdt_meeting', resourceId: m.id, patient: { id: r.patientId, nhsNumber: r.nhsNumber } })),
    );
    const scheduled = rows.filter((r) => r.status === 'scheduled');
    const overflow = rows.filter((r) => r.status === 'overflow');
    return {
      meetingId: m.id,
      capacity: capacityOf(minutesBetween(m.startsAt, m.endsAt), m.minutesPerPatient),
      // Read again: generation has just set it.
      generatedAt: (await this.meetingRows.find(em, m.id))?.agendaGeneratedAt?.toISOString() ?? null,
      items: scheduled.map((r, i) => toAgendaItemView(r, i + 1)),
      overflow: overflow.map((r, i) => toAgendaItemView(r, i + 1)),
    };
  }
}
