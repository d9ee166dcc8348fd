import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientNotFound } from '../../../common/access/access-errors';
import { PatientAccessRepository } from '../../../common/access/patient-access.repository';
import { PatientAccessService } from '../../../common/access/patient-access.service';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { ValidationFailed } from '../../../common/errors/domain-error';
import { Page, decodeCursor, encodeCursor } from '../../../common/pagination';
import { Clock } from '../../../common/clock';
import { BedsForAdmissionsRepository } from '../../beds/for-admissions.repository';
import { BedStayNotFound } from '../../beds/beds.errors';
import { AdmissionInvalidTransition, AdmissionNotFound, BedStayNotYourUnit } from '../admission-errors';
import { timeProblem } from '../domain/admission-rules';
import { DischargeRepository } from './discharge.repository';
import { BoardFilter, BoardItem, boardSummary, filtersComposedState, itemKey, matchesBoard, toBoardItem } from './domain/board';
import { type DelayCode, attributionFor, dischargeReadyDateFor, readyDateProblem } from './domain/discharge-rules';
import { type Subject, inBed, mayRecordOnBedStay } from './domain/subjects';
import type { CriteriaToResideDto, DelayReasonDto, DischargeReadyDateDto, PathwayDto, ReadinessDto, WorkspaceView } from './dto/discharge.dto';

/** Most inpatients one board answer considers (a hospital has a few hundred). */
const BOARD_CAP = 5000;

interface Dated {
  at?: string;
  notes?: string;
}

/** The admission or bed stay an entry is for, locked, with what the entry's checks need. */
interface Head {
  /** Null only for a stay not yet taken up (offered), which is not in bed. */
  admitted_at: Date | null;
  status: string;
}

type Base = { subject: Subject; notes: string | null; at: Date; now: Date; by: string; byName: string | null };

const RESOURCE_TYPE = { admission: 'admission', bed_stay: 'bed_stay' } as const;

/**
 * The integrated discharge team's workspace: criteria to reside and the Discharge Ready Date,
 * the three ready-for-transfer steps, the Discharge to Assess pathway and coded delay reasons,
 * each written as a dated, append-only entry with who and when; and the board of inpatients.
 * The subject is a hospital admission or a community bed stay: the same entries, the same rules.
 */
@Injectable()
export class DischargeService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: DischargeRepository,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bedStays: BedsForAdmissionsRepository,
    private readonly patients: PatientAccessRepository,
  ) {}

  /** The board: inpatients known to or referred to community services, longest stay first (admittedAt, id). */
  async board(ctx: RequestContext, q: { hospital?: string; ward?: string; setting?: string; limit: number; cursor?: string } & BoardFilter): Promise<Page<BoardItem>> {
    const now = this.clock.now();
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    // Filters on the composed state (pathway, ready, long stay) need every row composed; without
    // them the page and its keyset are taken in SQL and only the page's rows are composed.
    return this.db.transaction(async (em) => {
      const rows = await this.repo.board(em, q, { cap: filtersComposedState(q) ? BOARD_CAP : q.limit + 1, after });
      const matching = rows.map((r) => toBoardItem(r, now)).filter((i) => matchesBoard(i, q));
      const items = matching.slice(0, q.limit);
      const last = items.at(-1);
      // Only callers who may find any patient hold admission:read; each row shown is still audited.
      const rowOf = new Map(rows.map((r) => [r.id, r]));
      await this.audit.record(
        em,
        ctx,
        items.map((i) => ({
          action: 'discharge.board.read',
          resourceType: i.bedStayId ? RESOURCE_TYPE.bed_stay : RESOURCE_TYPE.admission,
          resourceId: itemKey(i),
          patient: { id: rowOf.get(itemKey(i))?.patient_id as string, nhsNumber: i.nhsNumber },
        })),
      );
      return { items, nextCursor: matching.length > q.limit && last ? encodeCursor([rowOf.get(itemKey(last))?.cursorAt, itemKey(last)]) : null };
    });
  }

  /** Aggregate counts of the board (no patient data; counts of 1-4 suppressed), for the dashboard. */
  async summary(q: { hospital?: string }) {
    const now = this.clock.now();
    const items = (await this.db.transaction((em) => this.repo.board(em, q, { cap: BOARD_CAP }))).map((r) => toBoardItem(r, now));
    return { hospital: q.hospital ?? null, generatedAt: now.toISOString(), ...boardSummary(items) };
  }

  async get(ctx: RequestContext, subject: Subject): Promise<WorkspaceView> {
    return this.db.transaction(async (em) => {
      const row = await this.repo.one(em, subject);
      if (!row) throw notFound(subject);
      await this.open(em, ctx, subject, row, 'discharge.read');
      return this.view(em, subject);
    });
  }

  criteriaToReside(ctx: RequestContext, subject: Subject, dto: CriteriaToResideDto): Promise<WorkspaceView> {
    return this.change(ctx, subject, 'discharge.criteria_to_reside', dto, async (em, head, at, base) => {
      const readyDate = dischargeReadyDateFor(dto.decision, at, dto.dischargeReadyDate);
      if (dto.decision === 'meets' && dto.dischargeReadyDate) {
        throw new ValidationFailed('The decision is not valid', [{ field: 'dischargeReadyDate', message: 'is only given when the patient does not meet the criteria to reside' }]);
      }
      if (readyDate) this.checkReadyDate(readyDate, head.admitted_at, 'dischargeReadyDate');
      await this.repo.addEvent(em, { ...base, kind: 'criteria_to_reside', value: dto.decision, readyDate: null });
      const current = await this.repo.one(em, subject);
      const currentDrd = current?.state.discharge_ready_date?.readyDate ?? null;
      // The Discharge Ready Date follows the decision: set when the criteria are no longer met, cleared when met again.
      if (readyDate !== null || currentDrd !== null) await this.repo.addEvent(em, { ...base, kind: 'discharge_ready_date', value: null, readyDate });
    });
  }

  readiness(ctx: RequestContext, subject: Subject, dto: ReadinessDto): Promise<WorkspaceView> {
    return this.change(ctx, subject, `discharge.${dto.step}`, dto, (em, _head, _at, base) =>
      this.repo.addEvent(em, { ...base, kind: dto.step, value: dto.value ?? 'ready', readyDate: null }),
    );
  }

  dischargeReadyDate(ctx: RequestContext, subject: Subject, dto: DischargeReadyDateDto): Promise<WorkspaceView> {
    return this.change(ctx, subject, 'discharge.discharge_ready_date', dto, async (em, head, _at, base) => {
      this.checkReadyDate(dto.date, head.admitted_at, 'date');
      await this.repo.addEvent(em, { ...base, kind: 'discharge_ready_date', value: null, readyDate: dto.date });
    });
  }

  pathway(ctx: RequestContext, subject: Subject, dto: PathwayDto): Promise<WorkspaceView> {
    return this.change(ctx, subject, 'discharge.pathway', dto, (em, _head, _at, base) =>
      this.repo.addEvent(em, { ...base, kind: 'pathway', value: dto.pathway, readyDate: null }),
    );
  }

  delayReason(ctx: RequestContext, subject: Subject, dto: DelayReasonDto): Promise<WorkspaceView> {
    return this.change(ctx, subject, 'discharge.delay_reason', dto, (em, _head, at, base) =>
      this.repo.addDelay(em, { subject, code: dto.code, attribution: attributionFor(dto.code as DelayCode, dto.attribution), notes: base.notes, at, now: base.now, by: base.by }),
    );
  }

  private checkReadyDate(date: string, admittedAt: Date, field: string): void {
    const problem = readyDateProblem(date, admittedAt);
    if (problem) throw new ValidationFailed('The Discharge Ready Date is not valid', [{ field, message: problem }]);
  }

  private async change(
    ctx: RequestContext,
    subject: Subject,
    action: string,
    dto: Dated,
    apply: (em: EntityManager, head: { admitted_at: Date }, at: Date, base: Base) => Promise<void>,
  ): Promise<WorkspaceView> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const head = await this.lock(em, ctx, subject, action);
      if (!inBed(subject.kind, head.status)) {
        throw new AdmissionInvalidTransition(
          subject.kind === 'admission' ? 'The patient has already been discharged from this admission' : 'The patient is not in this bed (the stay is not occupied)',
        );
      }
      const admittedAt = head.admitted_at as Date; // in bed: admitted (chk_bed_stays_admitted for stays)
      const at = dto.at ? new Date(dto.at) : now;
      const problem = timeProblem(at, admittedAt, now);
      if (problem) throw new ValidationFailed('The discharge workspace entry is not valid', [{ field: 'at', message: problem }]);
      await apply(em, { admitted_at: admittedAt }, at, { subject, notes: dto.notes?.trim() ?? null, at, now, by: ctx.principal.sub, byName: ctx.principal.name ?? null });
      return this.view(em, subject);
    });
  }

  /**
   * The subject locked for the entry, after the access gate (a patient the caller may not see is
   * not found) and, for a bed stay, the check that the caller may record there: discharge
   * coordinators, or the unit's own staff.
   */
  private async lock(em: EntityManager, ctx: RequestContext, subject: Subject, action: string): Promise<Head> {
    if (subject.kind === 'admission') {
      const head = await this.repo.lockAdmission(em, subject.id);
      if (!head) throw new AdmissionNotFound();
      await this.open(em, ctx, subject, head, action);
      return head;
    }
    const stay = await this.bedStays.lockStayForDischarge(em, subject.id);
    if (!stay) throw notFound(subject);
    await this.open(em, ctx, subject, stay, action);
    if (!mayRecordOnBedStay(ctx.principal, stay.team_code)) {
      throw new BedStayNotYourUnit(`The unit is run by ${stay.team_code}; your teams are ${ctx.principal.teams.join(', ') || 'none'}`);
    }
    return stay;
  }

  /**
   * The patient access gate for the subject's patient (audited in this transaction). An admission
   * answers as it always has (PATIENT_NOT_FOUND); a bed stay as the beds capability answers for its
   * stays: BED_STAY_NOT_FOUND, so the stay's existence is not leaked.
   */
  private async open(
    em: EntityManager,
    ctx: RequestContext,
    subject: Subject,
    who: { patient_id: string; nhs_number: string | null },
    action: string,
  ): Promise<void> {
    const audit = { action, resourceType: RESOURCE_TYPE[subject.kind], resourceId: subject.id };
    if (subject.kind === 'admission') {
      await this.access.open(em, ctx, who.nhs_number as string, audit);
      return;
    }
    try {
      // By id, as the beds capability opens its stays (a patient in a bed may not be traced yet).
      await this.access.authorise(em, ctx, await this.patients.byId(em, who.patient_id), audit);
    } catch (e) {
      if (e instanceof PatientNotFound) throw notFound(subject);
      throw e;
    }
  }

  private async view(em: EntityManager, subject: Subject): Promise<WorkspaceView> {
    const row = await this.repo.one(em, subject);
    if (!row) throw notFound(subject);
    const [events, delays] = await this.repo.history(em, subject);
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

function notFound(subject: Subject) {
  return subject.kind === 'admission' ? new AdmissionNotFound() : new BedStayNotFound();
}
