import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../../common/access/patient-access.service';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { ValidationFailed } from '../../../common/errors/domain-error';
import { Page, decodeCursor, encodeCursor } from '../../../common/pagination';
import { Clock } from '../../../common/clock';
import { AdmissionInvalidTransition, AdmissionNotFound } from '../admission-errors';
import { timeProblem } from '../domain/admission-rules';
import { DischargeRepository } from './discharge.repository';
import { BoardFilter, BoardItem, boardSummary, matchesBoard, toBoardItem } from './domain/board';
import { type DelayCode, attributionFor, dischargeReadyDateFor, readyDateProblem } from './domain/discharge-rules';
import type { CriteriaToResideDto, DelayReasonDto, DischargeReadyDateDto, PathwayDto, ReadinessDto, WorkspaceView } from './dto/discharge.dto';

/** Most inpatients one board answer considers (a hospital has a few hundred). */
const BOARD_CAP = 5000;

interface Dated {
  at?: string;
  notes?: string;
}

/**
 * The integrated discharge team's workspace: criteria to reside and the Discharge Ready Date,
 * the three ready-for-transfer steps, the Discharge to Assess pathway and coded delay reasons,
 * each written as a dated, append-only entry with who and when; and the board of inpatients.
 */
@Injectable()
export class DischargeService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: DischargeRepository,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The board: inpatients known to or referred to community services, longest stay first (admittedAt, id). */
  async board(ctx: RequestContext, q: { hospital?: string; ward?: string; limit: number; cursor?: string } & BoardFilter): Promise<Page<BoardItem>> {
    const now = this.clock.now();
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const rows = await this.repo.board(em, q, BOARD_CAP);
      const matching = rows
        .filter((r) => !after || r.admitted_at.toISOString() > after[0] || (r.admitted_at.toISOString() === after[0] && r.id > after[1]))
        .map((r) => toBoardItem(r, now))
        .filter((i) => matchesBoard(i, q));
      const items = matching.slice(0, q.limit);
      const last = items.at(-1);
      // Only callers who may find any patient hold admission:read; each row shown is still audited.
      await this.audit.record(
        em,
        ctx,
        items.map((i) => ({ action: 'discharge.board.read', resourceType: 'admission', resourceId: i.admissionId, patient: { id: rows.find((r) => r.id === i.admissionId)?.patient_id as string, nhsNumber: i.nhsNumber } })),
      );
      return { items, nextCursor: matching.length > q.limit && last ? encodeCursor([last.admittedAt, last.admissionId]) : null };
    });
  }

  /** Aggregate counts of the board (no patient data; counts of 1-4 suppressed), for the dashboard. */
  async summary(q: { hospital?: string }) {
    const now = this.clock.now();
    const items = (await this.db.transaction((em) => this.repo.board(em, q, BOARD_CAP))).map((r) => toBoardItem(r, now));
    return { hospital: q.hospital ?? null, generatedAt: now.toISOString(), ...boardSummary(items) };
  }

  async get(ctx: RequestContext, admissionId: string): Promise<WorkspaceView> {
    return this.db.transaction(async (em) => {
      const row = await this.repo.one(em, admissionId);
      if (!row) throw new AdmissionNotFound();
      await this.access.open(em, ctx, row.nhs_number, { action: 'discharge.read', resourceType: 'admission', resourceId: admissionId });
      return this.view(em, admissionId);
    });
  }

  criteriaToReside(ctx: RequestContext, id: string, dto: CriteriaToResideDto): Promise<WorkspaceView> {
    return this.change(ctx, id, 'discharge.criteria_to_reside', dto, async (em, head, at, base) => {
      const readyDate = dischargeReadyDateFor(dto.decision, at, dto.dischargeReadyDate);
      if (dto.decision === 'meets' && dto.dischargeReadyDate) {
        throw new ValidationFailed('The decision is not valid', [{ field: 'dischargeReadyDate', message: 'is only given when the patient does not meet the criteria to reside' }]);
      }
      if (readyDate) this.checkReadyDate(readyDate, head.admitted_at, 'dischargeReadyDate');
      await this.repo.addEvent(em, { ...base, kind: 'criteria_to_reside', value: dto.decision, readyDate: null });
      const current = await this.repo.one(em, id);
      const currentDrd = current?.state.discharge_ready_date?.readyDate ?? null;
      // The Discharge Ready Date follows the decision: set when the criteria are no longer met, cleared when met again.
      if (readyDate !== null || currentDrd !== null) await this.repo.addEvent(em, { ...base, kind: 'discharge_ready_date', value: null, readyDate });
    });
  }

  readiness(ctx: RequestContext, id: string, dto: ReadinessDto): Promise<WorkspaceView> {
    return this.change(ctx, id, `discharge.${dto.step}`, dto, (em, _head, _at, base) =>
      this.repo.addEvent(em, { ...base, kind: dto.step, value: dto.value ?? 'ready', readyDate: null }),
    );
  }

  dischargeReadyDate(ctx: RequestContext, id: string, dto: DischargeReadyDateDto): Promise<WorkspaceView> {
    return this.change(ctx, id, 'discharge.discharge_ready_date', dto, async (em, head, _at, base) => {
      this.checkReadyDate(dto.date, head.admitted_at, 'date');
      await this.repo.addEvent(em, { ...base, kind: 'discharge_ready_date', value: null, readyDate: dto.date });
    });
  }

  pathway(ctx: RequestContext, id: string, dto: PathwayDto): Promise<WorkspaceView> {
    return this.change(ctx, id, 'discharge.pathway', dto, (em, _head, _at, base) =>
      this.repo.addEvent(em, { ...base, kind: 'pathway', value: dto.pathway, readyDate: null }),
    );
  }

  delayReason(ctx: RequestContext, id: string, dto: DelayReasonDto): Promise<WorkspaceView> {
    return this.change(ctx, id, 'discharge.delay_reason', dto, (em, _head, at, base) =>
      this.repo.addDelay(em, { admissionId: id, code: dto.code, attribution: attributionFor(dto.code as DelayCode, dto.attribution), notes: base.notes, at, now: base.now, by: base.by }),
    );
  }

  private checkReadyDate(date: string, admittedAt: Date, field: string): void {
    const problem = readyDateProblem(date, admittedAt);
    if (problem) throw new ValidationFailed('The Discharge Ready Date is not valid', [{ field, message: problem }]);
  }

  private async change(
    ctx: RequestContext,
    id: string,
    action: string,
    dto: Dated,
    apply: (
      em: EntityManager,
      head: { admitted_at: Date },
      at: Date,
      base: { admissionId: string; notes: string | null; at: Date; now: Date; by: string; byName: string | null },
    ) => Promise<void>,
  ): Promise<WorkspaceView> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const head = await this.repo.lockAdmission(em, id);
      if (!head) throw new AdmissionNotFound();
      await this.access.open(em, ctx, head.nhs_number, { action, resourceType: 'admission', resourceId: id });
      if (head.status !== 'inpatient') throw new AdmissionInvalidTransition('The patient has already been discharged from this admission');
      const at = dto.at ? new Date(dto.at) : now;
      const problem = timeProblem(at, head.admitted_at, now);
      if (problem) throw new ValidationFailed('The discharge workspace entry is not valid', [{ field: 'at', message: problem }]);
      await apply(em, head, at, { admissionId: id, notes: dto.notes?.trim() ?? null, at, now, by: ctx.principal.sub, byName: ctx.principal.name ?? null });
      return this.view(em, id);
    });
  }

  private async view(em: EntityManager, id: string): Promise<WorkspaceView> {
    const row = await this.repo.one(em, id);
    if (!row) throw new AdmissionNotFound();
    const [events, delays] = await this.repo.history(em, id);
    return {
      ...toBoardItem(row, this.clock.now()),
      history: events.map((e) => ({
        kind: e.kind,
        value: e.value,
        readyDate: e.ready_date,
        notes: e.notes,
        at: e.effective_at.toISOString(),
        recordedAt: e.recorded_at.toISOString(),
        by: e.recorded_by,
      })),
      delayHistory: delays.map((d) => ({ code: d.code, attribution: d.attribution, notes: d.notes, at: d.effective_at.toISOString(), by: d.recorded_by })),
    };
  }
}
