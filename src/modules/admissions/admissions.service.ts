import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { involvedTeams, involvementOf } from '../../common/access/domain/relationship-kinds';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { admissionSubscribers } from '../involvement/involvement-relationships';
import { TasksService } from '../tasks/tasks.service';
import { ResidencesService } from '../residences/residences.service';
import { OutboxService } from '../webhooks/outbox.service';
import { Clock } from '../../common/clock';
import { AdmissionHooks } from './admission-hooks';
import { AdmissionInvalidTransition, AdmissionNotFound } from './admission-errors';
import { toView } from './admission-row';
import { type AdmissionRow, AdmissionsRepository } from './admissions.repository';
import { INPATIENT_ADMISSION } from './admission-relationships';
import {
  type AdmissionMethod,
  type DischargeDestination,
  HOSPITAL_TYPES,
  delayedDays,
  estimatedDateProblem,
  isReadmission,
  knownToPairs,
  needsFollowUp,
  timeProblem,
} from './domain/admission-rules';
import type { AdmissionView, CreateAdmissionDto, DelayDto, DischargeDto, EstimatedDischargeDto, MedicallyOptimisedDto } from './dto/admission.dto';

export interface CreatedAdmission {
  view: AdmissionView;
  /** False when the same admission was posted before: the first one is answered, nothing new raised. */
  created: boolean;
}

/** A change to one locked admission, given its row, now and the patient's relationships. */
export type ApplyChange = (em: EntityManager, row: AdmissionRow, now: Date, relationships: { teamCode: string; relationship: string }[]) => Promise<void>;

export interface ListAdmissions {
  status?: string;
  hospital?: string;
  medicallyOptimised?: boolean;
  nhsNumber?: string;
  limit: number;
  cursor?: string;
}

/**
 * Admissions and discharge: the flag to every team that knows the patient, readmissions, the
 * medically-optimised list, delays and discharge with its follow-up. Each use case is one
 * transaction; alerts, tasks, audit and outbox events are written in it.
 */
@Injectable()
export class AdmissionsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    private readonly tasks: TasksService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hooks: AdmissionHooks,
    private readonly residences: ResidencesService,
    private readonly repo: AdmissionsRepository,
  ) {}

  async create(ctx: RequestContext, dto: CreateAdmissionDto): Promise<CreatedAdmission> {
    return this.db.transaction((em) => this.createIn(em, ctx, dto));
  }

  /**
   * The admission use case inside the caller's transaction: `create` (REST) and the hospital
   * feeds (HL7 A01, FHIR Encounter) both run exactly this, so their effects are identical.
   */
  async createIn(em: EntityManager, ctx: RequestContext, dto: CreateAdmissionDto): Promise<CreatedAdmission> {
    const now = this.clock.now();
    const admittedAt = new Date(dto.admittedAt);
    if (Number.isNaN(admittedAt.getTime())) throw new ValidationFailed('The admission is not valid', [{ field: 'admittedAt', message: 'is not a real time' }]);
    if (admittedAt.getTime() > now.getTime() + 5 * 60_000) {
      throw new ValidationFailed('The admission is not valid', [{ field: 'admittedAt', message: 'is in the future' }]);
    }
    {
      const hospitalType = await this.repo.organisationType(em, dto.hospitalOds);
      if (!hospitalType || !(HOSPITAL_TYPES as readonly string[]).includes(hospitalType)) {
        throw new ValidationFailed('The admission is not valid', [{ field: 'hospitalOds', message: 'is not a known hospital trust' }]);
      }
      // The patient's row lock serialises admissions of one patient (idempotency, readmission check).
      const { patient, relationships } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'admission.create', resourceType: 'admission' }, { lock: true });
      const existing = await this.repo.idOf(em, patient.id, dto.hospitalOds, admittedAt);
      if (existing) return { view: await this.view(em, existing, now), created: false };

      // Known to = involved (never mere practice alignment); subscribed teams hear too but are not "known to".
      const knownTo = knownToPairs(involvementOf(relationships));
      const involved = [...new Set(knownTo.map((k) => k.teamCode))];
      const teams = [...new Set([...involved, ...(await admissionSubscribers(em, patient.gpPracticeOds))])];
      const previous = await this.repo.lastDischarge(em, patient.id, admittedAt);
      const readmission = isReadmission(dto.method as AdmissionMethod, admittedAt, previous?.dischargedAt ?? null, this.config.admissions.readmissionWindowDays);
      const idtTeam = await this.idtTeamOf(em, ctx);
      const id = await this.repo.insert(em, {
        patientId: patient.id,
        hospitalOds: dto.hospitalOds,
        ward: dto.ward ?? null,
        admittedAt,
        method: dto.method,
        reason: dto.reason ?? null,
        readmission,
        previousAdmissionId: readmission && previous ? previous.id : null,
        idtTeamCode: idtTeam,
        knownTo,
        createdBy: ctx.principal.sub,
      });
      const detail = { admissionId: id, hospitalOds: dto.hospitalOds, ward: dto.ward ?? null, admittedAt: admittedAt.toISOString(), method: dto.method };
      const raised = await this.alerts.raise(em, { type: 'admission', teamCodes: teams, patientId: patient.id, detail, dedupeKey: `admission:${id}` });
      let readmissionAlerts: string[] = [];
      if (readmission && previous) {
        // The teams that know the patient, and the discharge team: the last discharge did not hold.
        readmissionAlerts = await this.alerts.raise(em, {
          type: 'readmission',
          teamCodes: idtTeam ? [...involved, idtTeam] : involved,
          patientId: patient.id,
          detail: { ...detail, previousAdmissionId: previous.id, previousDischargedAt: previous.dischargedAt.toISOString() },
          dedupeKey: `readmission:${id}`,
        });
      }
      await this.repo.setAlertsRaised(em, id, raised.length + readmissionAlerts.length);
      await this.hooks.fireAdmitted(em, { admissionId: id, patientId: patient.id, hospitalOds: dto.hospitalOds, hospitalType, admittedAt, method: dto.method });
      await this.outbox.publish(em, 'admission.created', {
        admissionId: id,
        hospitalOds: dto.hospitalOds,
        admittedAt: admittedAt.toISOString(),
        method: dto.method,
        readmission,
        knownTo,
      });
      return { view: await this.view(em, id, now), created: true };
    }
  }

  async get(ctx: RequestContext, id: string): Promise<AdmissionView> {
    return this.db.transaction(async (em) => {
      const row = await this.row(em, id);
      await this.access.open(em, ctx, row.nhs_number, { action: 'admission.read', resourceType: 'admission', resourceId: id });
      return toView(row, this.clock.now());
    });
  }

  /**
   * Admissions, filtered. With medicallyOptimised=true: inpatients who are medically optimised,
   * longest waiting first (medicallyOptimisedAt, id); otherwise newest admission first (admittedAt desc, id desc).
   */
  async list(ctx: RequestContext, q: ListAdmissions): Promise<Page<AdmissionView>> {
    const now = this.clock.now();
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    return this.db.transaction(async (em) => {
      const rows = await this.repo.list(em, { status: q.status, hospital: q.hospital, nhsNumber: q.nhsNumber, medicallyOptimised: q.medicallyOptimised, after, limit: q.limit + 1 });
      const page = toPage(rows, q.limit, (r) => [r.cursorAt, r.id], (r) => toView(r, now));
      // Only callers who may find any patient hold admission:read; each row read is still audited.
      await this.audit.record(
        em,
        ctx,
        rows.slice(0, q.limit).map((r) => ({ action: 'admission.read', resourceType: 'admission', resourceId: r.id, patient: { id: r.patient_id, nhsNumber: r.nhs_number } })),
      );
      return page;
    });
  }

  estimatedDischarge(ctx: RequestContext, id: string, dto: EstimatedDischargeDto): Promise<AdmissionView> {
    return this.change(ctx, id, 'admission.estimated_discharge', this.applyEstimatedDischarge(dto));
  }

  /** The estimated discharge date inside the caller's transaction (REST and the HL7 A08 feed). */
  estimatedDischargeIn(em: EntityManager, ctx: RequestContext, id: string, dto: EstimatedDischargeDto): Promise<AdmissionView> {
    return this.changeIn(em, ctx, id, 'admission.estimated_discharge', this.applyEstimatedDischarge(dto));
  }

  private applyEstimatedDischarge(dto: EstimatedDischargeDto): ApplyChange {
    return async (em, row) => {
      const problem = Number.isNaN(Date.parse(`${dto.date}T00:00:00Z`)) ? 'is not a real date' : estimatedDateProblem(dto.date, row.admitted_at);
      if (problem) throw new ValidationFailed('The estimated discharge date is not valid', [{ field: 'date', message: problem }]);
      await this.repo.setEstimatedDischarge(em, row.id, dto.date);
    };
  }

  medicallyOptimised(ctx: RequestContext, id: string, dto: MedicallyOptimisedDto): Promise<AdmissionView> {
    return this.change(ctx, id, 'admission.medically_optimised', async (em, row, now) => {
      const at = dto.at ? new Date(dto.at) : now;
      const problem = timeProblem(at, row.admitted_at, now);
      if (problem) throw new ValidationFailed('The medically optimised time is not valid', [{ field: 'at', message: problem }]);
      await this.repo.setMedicallyOptimised(em, id, at);
    });
  }

  delay(ctx: RequestContext, id: string, dto: DelayDto): Promise<AdmissionView> {
    return this.change(ctx, id, 'admission.delay', async (em, _row, now) => {
      await this.repo.addDelay(em, { admissionId: id, reason: dto.reason, notes: dto.notes?.trim() ?? null, at: now, by: ctx.principal.sub });
    });
  }

  /**
   * Discharge: records destination and delayed days; every team that knows the patient (other
   * than through this stay) gets a `discharge` alert and, unless the patient died, a follow-up
   * task (medicines review included) due FOLLOW_UP days after discharge.
   */
  discharge(ctx: RequestContext, id: string, dto: DischargeDto): Promise<AdmissionView> {
    return this.change(ctx, id, 'admission.discharge', this.applyDischarge(ctx, id, dto));
  }

  /** Discharge inside the caller's transaction (REST and the HL7 A03 / FHIR feeds). */
  dischargeIn(em: EntityManager, ctx: RequestContext, id: string, dto: DischargeDto): Promise<AdmissionView> {
    return this.changeIn(em, ctx, id, 'admission.discharge', this.applyDischarge(ctx, id, dto));
  }

  private applyDischarge(ctx: RequestContext, id: string, dto: DischargeDto): ApplyChange {
    return async (em, row, now, relationships) => {
      const at = new Date(dto.at);
      const problem = timeProblem(at, row.admitted_at, now, { at: row.medically_optimised_at, what: 'medically optimised' });
      if (problem) throw new ValidationFailed('The discharge is not valid', [{ field: 'at', message: problem }]);
      const days = delayedDays(row.medically_optimised_at, at);
      await this.repo.discharge(em, id, { at, destination: dto.destination, delayedDays: days });
      // Where the person now lives (residence history): a discharge to a new care home moves them.
      await this.residences.afterHospitalDischarge(em, { patientId: row.patient_id, destination: dto.destination, careHomeOds: dto.careHomeOds, at, admissionId: id, by: ctx.principal.sub });
      const teams = involvedTeams(relationships, [INPATIENT_ADMISSION]);
      // Discharge to a step-down bed names the bed request raised for this admission, when there is one.
      const stepDown = dto.destination === 'step_down_bed' ? row.bed_requests.filter((r) => r.direction === 'step_down').at(-1) : undefined;
      const detail = {
        admissionId: id,
        hospitalOds: row.hospital_ods,
        dischargedAt: at.toISOString(),
        destination: dto.destination,
        delayedDays: days,
        ...(stepDown ? { bedRequestId: stepDown.id } : {}),
      };
      await this.alerts.raise(em, { type: 'discharge', teamCodes: teams, patientId: row.patient_id, detail, dedupeKey: `discharge:${id}` });
      if (needsFollowUp(dto.destination as DischargeDestination)) {
        const dueAt = new Date(at.getTime() + this.config.admissions.followUpDueDays * 86_400_000);
        for (const teamCode of teams) {
          await this.tasks.create(em, {
            type: 'post_discharge_follow_up',
            teamCode,
            patientId: row.patient_id,
            title: 'Post-discharge follow-up, including a medicines review',
            detail: `Discharged from ${row.hospital_ods} to ${dto.destination.replace(/_/g, ' ')}: contact the patient and review their medicines.`,
            dueAt,
            source: { type: 'admission', id },
            createdBy: ctx.principal.sub,
            dedupeKey: `post_discharge_follow_up:${id}:${teamCode}`,
          });
        }
      }
      await this.hooks.fireDischarged(em, {
        admissionId: id,
        patientId: row.patient_id,
        dischargedAt: at,
        destination: dto.destination,
        teamCode: row.idt_team_code,
        by: ctx.principal.sub,
      });
      await this.outbox.publish(em, 'patient.discharged', {
        admissionId: id,
        hospitalOds: row.hospital_ods,
        dischargedAt: at.toISOString(),
        destination: dto.destination,
        delayedDays: days,
        teams,
      });
    };
  }

  private change(ctx: RequestContext, id: string, action: string, apply: ApplyChange): Promise<AdmissionView> {
    return this.db.transaction((em) => this.changeIn(em, ctx, id, action, apply));
  }

  /**
   * One change to an admission inside the caller's transaction: locks the admission, opens the
   * patient through the access gate (audited), checks the status it must be in (default inpatient)
   * and applies the change. The corrections service (transfer, cancel) and the feeds use it too.
   */
  async changeIn(
    em: EntityManager,
    ctx: RequestContext,
    id: string,
    action: string,
    apply: ApplyChange,
    expect: { status: string; problem: string } = { status: 'inpatient', problem: 'The patient has already been discharged from this admission' },
  ): Promise<AdmissionView> {
    const now = this.clock.now();
    if (!(await this.repo.lock(em, id))) throw new AdmissionNotFound();
    const row = await this.row(em, id);
    const { relationships } = await this.access.open(em, ctx, row.nhs_number, { action, resourceType: 'admission', resourceId: id });
    if (row.status !== expect.status) throw new AdmissionInvalidTransition(expect.problem);
    await apply(em, row, now, relationships);
    return this.view(em, id, now);
  }

  private async row(em: EntityManager, id: string): Promise<AdmissionRow> {
    const row = await this.repo.row(em, id);
    if (!row) throw new AdmissionNotFound();
    return row;
  }

  private async view(em: EntityManager, id: string, now: Date): Promise<AdmissionView> {
    return toView(await this.row(em, id), now);
  }

  /** The caller's integrated discharge team (the first by code when several), if any. */
  private async idtTeamOf(em: EntityManager, ctx: RequestContext): Promise<string | null> {
    if (ctx.principal.teams.length === 0) return null;
    return this.repo.dischargeTeamAmong(em, ctx.principal.teams);
  }
}
