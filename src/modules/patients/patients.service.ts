import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessRepository } from '../../common/access/patient-access.repository';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { FieldError, Forbidden, PreconditionFailed, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { Clock } from '../../common/clock';
import { statusFromInput, statusProblem } from '../identity/domain/nhs-number-status';
import { Permission } from '../../common/auth/permissions';
import { parseSearch, searchScope } from './domain/search-terms';
import { SearchPatientsQuery, UpsertPatientDto } from './dto/patient.dto';
import { PatientEntity } from './patient.entity';
import { PatientSummary, etagOf, toPatientSummary, toSingleView } from './patient-view';
import { DeathRegistry } from './death-registry';
import { PatientViewRegistry } from './patient-view.registry';
import { PatientsRepository } from './patients.repository';
import { transactionWithCachedPlans } from '../../database/prepared-client';

export function fieldsFrom(dto: UpsertPatientDto): Partial<PatientEntity> {
  return {
    givenName: dto.givenName,
    familyName: dto.familyName,
    dateOfBirth: dto.dateOfBirth,
    sex: dto.sex ?? null,
    address: dto.address ? { ...dto.address } : null,
    phone: dto.phone ?? null,
    gpPracticeOds: dto.gpPracticeOds ?? null,
    careHomeResident: dto.careHomeResident ?? false,
    livesAlone: dto.livesAlone ?? false,
    deceasedAt: dto.deceasedAt ? new Date(dto.deceasedAt) : null,
    nhsNumberStatus: statusFromInput(dto, true),
    careCoordinatorStaffId: dto.careCoordinator?.staffId ?? null,
    careCoordinatorName: dto.careCoordinator?.name ?? null,
    careCoordinatorTeamCode: dto.careCoordinator?.teamCode ?? null,
  };
}

@Injectable()
export class PatientsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly views: PatientViewRegistry,
    private readonly deaths: DeathRegistry,
    private readonly patients: PatientsRepository,
    private readonly records: PatientAccessRepository,
    private readonly clock: Clock,
  ) {}

  /** Creates the patient, or updates it when the caller may see it. `ifMatch` is optional here. */
  async upsert(ctx: RequestContext, nhsNumber: string, dto: UpsertPatientDto, ifMatch?: string) {
    return this.db.transaction(async (em) => {
      await this.checkReferences(em, dto);
      const fields = fieldsFrom(dto);
      const created = await this.patients.insertIfAbsent(em, nhsNumber, fields);
      let patient: PatientEntity;
      if (created) {
        patient = (await this.records.byNhsNumber(em, nhsNumber)) as PatientEntity;
        await this.audit.record(em, ctx, { action: 'patient.create', resourceType: 'patient', resourceId: nhsNumber, patient });
      } else {
        ({ patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.update' }, { lock: true }));
        if (ifMatch !== undefined && ifMatch !== etagOf(patient) && ifMatch !== '*') {
          throw new PreconditionFailed(`The patient is now at version ${patient.version}; read it again and retry`);
        }
        const wasAlive = patient.deceasedAt === null;
        Object.assign(patient, fields);
        patient = await this.patients.save(em, patient);
        if (wasAlive && patient.deceasedAt) await this.deaths.recordDeath(em, patient.id, patient.deceasedAt, ctx.principal.sub);
      }
      const relationships = await this.access.relationshipsOf(em, patient);
      return { created, etag: etagOf(patient), view: toSingleView(patient, relationships, await this.views.sectionsFor(em, patient), this.clock.now()) };
    });
  }

  async get(ctx: RequestContext, nhsNumber: string) {
    return transactionWithCachedPlans(this.db, async (em) => {
      const { patient, relationships } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.read' });
      return { etag: etagOf(patient), view: toSingleView(patient, relationships, await this.views.sectionsFor(em, patient), this.clock.now()) };
    });
  }

  /** By NHS number, or family name + date of birth. Ordered by family name, given name, NHS number. */
  async search(ctx: RequestContext, q: SearchPatientsQuery & { limit: number }): Promise<Page<PatientSummary>> {
    const terms = parseSearch(q);
    if (!terms) {
      throw new ValidationFailed('Search by NHS number, or by family name and date of birth', [
        { field: 'search', message: 'must be an NHS number or "<family name> <YYYY-MM-DD>"' },
      ]);
    }
    const scope = searchScope(ctx.principal, Permission.PatientReadAny);
    if (!scope) throw new Forbidden('Searching patients needs a GP practice in the token (org), or permission to read any record');
    const after = decodeCursor(q.cursor, ['text', 'text', 'uuid']);
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const rows = await this.patients.search(em, terms, scope.kind === 'practice' ? scope.practiceOds : null, after, q.limit + 1);
      const page = toPage(rows, q.limit, (p) => [p.familyName.toLowerCase(), p.givenName.toLowerCase(), p.id], (p) => toPatientSummary(p, now));
      await this.audit.record(
        em,
        ctx,
        rows.slice(0, q.limit).map((p) => ({ action: 'patient.search', resourceType: 'patient', resourceId: p.nhsNumber, patient: p })),
      );
      return page;
    });
  }

  async checkReferences(em: EntityManager, dto: UpsertPatientDto): Promise<void> {
    const errors: FieldError[] = [];
    if (dto.gpPracticeOds) {
      const type = await this.patients.organisationType(em, dto.gpPracticeOds);
      if (!type) errors.push({ field: 'gpPracticeOds', message: 'is not a known organisation' });
      else if (type !== 'gp_practice') errors.push({ field: 'gpPracticeOds', message: 'is not a GP practice' });
    }
    if (dto.careCoordinator && !(await this.patients.teamExists(em, dto.careCoordinator.teamCode))) {
      errors.push({ field: 'careCoordinator.teamCode', message: 'is not a known team' });
    }
    if (dto.deceasedAt && new Date(dto.deceasedAt) < new Date(`${dto.dateOfBirth}T00:00:00Z`)) {
      errors.push({ field: 'deceasedAt', message: 'is before the date of birth' });
    }
    if (new Date(`${dto.dateOfBirth}T00:00:00Z`) > this.clock.now()) errors.push({ field: 'dateOfBirth', message: 'is in the future' });
    const statusError = statusProblem(statusFromInput(dto, true), true);
    if (statusError) errors.push({ field: 'nhsNumberStatus', message: statusError });
    if (errors.length) throw new ValidationFailed('The patient record is not valid', errors);
  }
}
