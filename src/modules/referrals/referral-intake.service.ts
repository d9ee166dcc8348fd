import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientNotFound } from '../../common/access/access-errors';
import { AuditService } from '../../common/audit/audit.service';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { FieldError, Forbidden, ValidationFailed } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { transactionWithCachedPlans } from '../../database/prepared-client';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { PatientsForReferralsRepository } from '../patients/for-referrals.repository';
import type { PatientEntity } from '../patients/patient.entity';
import { TasksService } from '../tasks/tasks.service';
import { SPOA_TEAM_TYPE } from './domain/catalogue';
import { respondByFor, respondByOverrideProblem } from './domain/response-clock';
import { chooseSpoa } from './domain/routing';
import type { CreateReferralDto } from './dto/referral.dto';
import { type Changed, etagOf } from './referral-changes';
import { NoSpoaTeam } from './referral-errors';
import { toReferralView } from './referral-mapper';
import { ReferralRoutingRepository } from './referral-routing.repository';
import { ReferralsRepository } from './referrals.repository';

/**
 * Taking a referral: the patient (known, or added and traced), the single point of access that
 * triages it, its response clock, and whether it repeats an open referral for the same service.
 */
@Injectable()
export class ReferralIntake {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
    private readonly referrals: ReferralsRepository,
    private readonly routing: ReferralRoutingRepository,
    private readonly patients: PatientsForReferralsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, dto: CreateReferralDto): Promise<Changed> {
    const now = this.clock.now();
    const p = ctx.principal;
    const errors: FieldError[] = [];
    if (!dto.nhsNumber && !dto.patient) errors.push({ field: 'patient', message: 'is required (name and date of birth) when there is no NHS number' });
    const override = dto.respondBy ? new Date(dto.respondBy) : null;
    const overrideProblem = override && (Number.isNaN(override.getTime()) ? 'is not a real time' : respondByOverrideProblem(override, now));
    if (overrideProblem) errors.push({ field: 'respondBy', message: overrideProblem });
    if (dto.patient) errors.push(...(await this.demographicProblems(dto.patient, now)));
    if (errors.length) throw new ValidationFailed('The referral is not complete', errors);
    if (!p.org && !p.permissions.has(Permission.PatientRead)) {
      throw new Forbidden('A referrer token must carry the org claim, so the referral can be followed up');
    }

    // A caller who may not read patient records (a referrer) gets an answer that does not depend on the record.
    const external = !p.permissions.has(Permission.PatientRead);
    return transactionWithCachedPlans(this.db, async (em) => {
      const patient = await this.patientFor(em, dto, now, external ? p.org : undefined);
      const { practice, teams } = await this.routing.routeFor(em, [SPOA_TEAM_TYPE], patient.id);
      const spoa = chooseSpoa(p.teams, teams, practice);
      if (!spoa) throw new NoSpoaTeam('Create a single_point_of_access team before taking referrals');
      const respondBy = override ?? respondByFor(now, dto.urgency, this.config.referrals.responseTargetMinutes);
      const row = await this.referrals.insertReceived(
        em,
        {
          patientId: patient.id,
          urgency: dto.urgency,
          requestedService: dto.requestedService ?? null,
          needs: dto.needs ?? [],
          reason: dto.reason.trim(),
          sourceType: dto.source.type,
          sourceOrganisationOds: dto.source.organisationOds ?? null,
          sourceName: dto.source.name ?? null,
          sourceContact: dto.source.contact ?? null,
          receivedAt: now,
          respondBy,
          spoaTeamCode: spoa,
          createdBy: p.sub,
          createdByName: p.name ?? null,
          createdByOrg: p.org ?? null,
        },
        { urgency: dto.urgency, source: dto.source.type, requestedService: dto.requestedService ?? null },
      );
      const id = row.id;
      if (patient.needsTracing) {
        await this.tasks.create(em, {
          type: 'trace_nhs_number',
          teamCode: spoa,
          patientId: patient.id,
          title: 'Trace the NHS number of a referred patient',
          detail: 'A referral was taken without an NHS number: trace it (PDS) and record it on the patient.',
          dueAt: new Date(now.getTime() + this.config.referrals.traceTaskDueHours * 3_600_000),
          source: { type: 'referral', id },
          createdBy: p.sub,
          dedupeKey: `trace_nhs_number:${patient.id}`,
        });
      }
      // Taking a referral is not a read of the record: the answer carries no demographics.
      await this.audit.record(em, ctx, { action: 'referral.create', resourceType: 'referral', resourceId: id, patient });
      return { view: toReferralView(row, [], now, { includePatient: false, external }), etag: etagOf(row.version) };
    });
  }

  /**
   * The known patient (locked, so duplicate detection is serialised per patient), or a new one.
   * `referringOrg` (a referrer's organisation): an NHS number alone names a patient only when that
   * organisation referred them before; otherwise, known or not, the same 400 asks for demographics,
   * so a referrer cannot probe which numbers the service holds.
   */
  private async patientFor(em: EntityManager, dto: CreateReferralDto, now: Date, referringOrg?: string): Promise<PatientEntity> {
    const d = dto.patient;
    const fields = d
      ? {
          givenName: d.givenName,
          familyName: d.familyName,
          dateOfBirth: d.dateOfBirth,
          sex: d.sex ?? null,
          address: d.address ? { ...d.address } : null,
          phone: d.phone ?? null,
          gpPracticeOds: d.gpPracticeOds ?? null,
          careHomeResident: d.careHomeResident ?? false,
          livesAlone: d.livesAlone ?? false,
          nhsNumberStatus: dto.nhsNumber ? '02' : '03',
          version: 1,
        }
      : null;
    if (!dto.nhsNumber) return this.patients.createUntraced(em, fields ?? {}, now);
    if (fields) await this.patients.addIfUnknown(em, dto.nhsNumber, fields);
    const patient = await this.patients.lockByNhsNumber(em, dto.nhsNumber);
    if (!fields && referringOrg !== undefined && !(patient && (await this.referrals.referredByOrganisation(em, patient.id, referringOrg)))) {
      throw new ValidationFailed('The referral is not complete', [
        { field: 'patient', message: 'is required (name and date of birth) unless your organisation has referred this NHS number before' },
      ]);
    }
    if (!patient) throw new PatientNotFound();
    return patient;
  }

  private async demographicProblems(d: NonNullable<CreateReferralDto['patient']>, now: Date): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (new Date(`${d.dateOfBirth}T00:00:00Z`) > now) errors.push({ field: 'patient.dateOfBirth', message: 'is in the future' });
    if (d.gpPracticeOds) {
      const practice = await this.organisations.byCode(this.db.manager, d.gpPracticeOds);
      if (!practice) errors.push({ field: 'patient.gpPracticeOds', message: 'is not a known organisation' });
      else if (practice.type !== 'gp_practice') errors.push({ field: 'patient.gpPracticeOds', message: 'is not a GP practice' });
    }
    return errors;
  }
}
