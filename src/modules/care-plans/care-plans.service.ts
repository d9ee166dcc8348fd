import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import { type AccessRestriction, type OpenedPatient, PatientAccessService } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { PreconditionFailed, PreconditionRequired, ValidationFailed } from '../../common/errors/domain-error';
import { type Page, decodeCursor, toPage } from '../../common/pagination';
import { writeTransaction } from '../../database/write-transaction';
import type { PatientEntity } from '../patients/patient.entity';
import type { CarePlanAgreementEntity } from './care-plan-agreement.entity';
import type { CarePlanConsentEntity } from './care-plan-consent.entity';
import { CarePlanNotFound, CarePlanVersionNotFound, ConsentNotRecorded } from './care-plan-errors';
import type { CarePlanVersionEntity } from './care-plan-version.entity';
import { CarePlansRepository } from './care-plans.repository';
import { etagOf, toCarePlanView, toConsentView, toVersionSummary } from './care-plan.view';
import { type ConsentDecision, relationshipsUnderConsent } from './domain/consent';
import { bestInterestsProblems } from './domain/best-interests';
import { gpAgreementProblem } from './domain/gp-agreement';
import { toFhirCarePlan } from './domain/fhir';
import { versionStatus } from './domain/plan-status';
import { changedSections, normaliseSections } from './domain/sections';
import type { AgreementDto, ConsentDto, SaveCarePlanDto } from './dto/care-plan.dto';

const RESOURCE = 'care_plan';

function instant(value: string | null | undefined, field: string): Date | null {
  if (value === undefined || value === null) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new ValidationFailed(`${field} is not a valid date-time`, [{ field, message: 'is not a valid date-time' }]);
  return d;
}

/**
 * Anticipatory care plans: immutable versions, agreement, and consent that governs who reads them.
 * Every method opens the patient through the access gate (which audits in the same transaction),
 * with the consent rule layered on for the plan itself.
 */
@Injectable()
export class CarePlansService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly plans: CarePlansRepository,
  ) {}

  /** The consent rule as the gate's restriction: the latest decision decides which relationships count. */
  private readonly underConsent: AccessRestriction = async (em: EntityManager, patient: PatientEntity, relationships: Relationship[]) => {
    const consent = await this.currentConsent(em, patient.id);
    return relationshipsUnderConsent((consent?.decision as ConsentDecision | undefined) ?? null, relationships);
  };

  private openPlan(em: EntityManager, ctx: RequestContext, nhsNumber: string, action: string): Promise<OpenedPatient> {
    return this.access.open(em, ctx, nhsNumber, { action, resourceType: RESOURCE, resourceId: nhsNumber }, { restrict: this.underConsent });
  }

  private currentConsent(em: EntityManager, patientId: string): Promise<CarePlanConsentEntity | null> {
    return this.plans.currentConsent(em, patientId);
  }

  private latest(em: EntityManager, patientId: string): Promise<CarePlanVersionEntity | null> {
    return this.plans.latest(em, patientId);
  }

  private agreementsOf(em: EntityManager, patientId: string, version: number): Promise<CarePlanAgreementEntity[]> {
    return this.plans.agreements(em, patientId, version);
  }

  private async viewOf(em: EntityManager, patient: PatientEntity, v: CarePlanVersionEntity, latest: number) {
    const agreements = await this.agreementsOf(em, patient.id, v.version);
    const consent = await this.currentConsent(em, patient.id);
    return toCarePlanView(patient.nhsNumber as string, v, latest, agreements, consent);
  }

  /** The current version with its status, agreements and the consent decision. */
  async get(ctx: RequestContext, nhsNumber: string) {
    return this.db.transaction(async (em) => {
      const { patient } = await this.openPlan(em, ctx, nhsNumber, 'care_plan.read');
      const v = await this.latest(em, patient.id);
      if (!v) throw new CarePlanNotFound();
      return { etag: etagOf(v.version), view: await this.viewOf(em, patient, v, v.version) };
    });
  }

  /** The current version as a FHIR R4 CarePlan. */
  async getFhir(ctx: RequestContext, nhsNumber: string) {
    return this.db.transaction(async (em) => {
      const { patient } = await this.openPlan(em, ctx, nhsNumber, 'care_plan.export');
      const v = await this.latest(em, patient.id);
      if (!v) throw new CarePlanNotFound();
      const agreements = await this.agreementsOf(em, patient.id, v.version);
      const authors = await this.plans.authors(em, patient.id);
      const first = authors.reduce((m, a) => (a.firstSavedAt < m ? a.firstSavedAt : m), v.createdAt);
      const resource = toFhirCarePlan({
        id: patient.id,
        nhsNumber: patient.nhsNumber as string,
        version: v.version,
        status: versionStatus(v.version, v.version, agreements),
        versionCreatedAt: v.createdAt,
        firstCreatedAt: first,
        reviewDueAt: v.reviewDueAt,
        sections: v.sections,
        author: { sub: v.createdBy, name: v.createdByName },
        contributors: authors.map((a) => ({ sub: a.sub, name: a.name })),
      });
      return { etag: etagOf(v.version), resource };
    });
  }

  /**
   * Saves a new version. When a plan exists the caller must say which version they edited
   * (If-Match): 428 without it, 412 when another save came first. The unique (patient, version)
   * key decides between concurrent saves from the same base: exactly one inserts the next version.
   */
  async save(ctx: RequestContext, nhsNumber: string, dto: SaveCarePlanDto, ifMatch: string | undefined) {
    const reviewDueAt = instant(dto.reviewDueAt, 'reviewDueAt');
    const documentedAt = instant(dto.resuscitation?.documentedAt, 'resuscitation.documentedAt');
    const sections = normaliseSections({ ...dto, resuscitation: dto.resuscitation ? { ...dto.resuscitation, documentedAt: documentedAt?.toISOString() ?? null } : null });
    return writeTransaction(
      this.db,
      async (em) => {
        const { patient } = await this.openPlan(em, ctx, nhsNumber, 'care_plan.write');
        const current = await this.latest(em, patient.id);
        if (current) {
          if (ifMatch === undefined) throw new PreconditionRequired(`The care plan exists (version ${current.version}); send If-Match with the ETag you read`);
          if (ifMatch !== '*' && ifMatch !== etagOf(current.version)) {
            throw new PreconditionFailed(`The care plan is now at version ${current.version}; read it again and retry`);
          }
        } else if (ifMatch !== undefined && ifMatch !== '*') {
          throw new PreconditionFailed('There is no care plan yet; save without If-Match to create one');
        }
        const version = (current?.version ?? 0) + 1;
        const saved = await this.plans.insertVersion(em, {
          patientId: patient.id,
          version,
          sections,
          reviewDueAt,
          changedSections: changedSections(current?.sections ?? null, sections),
          createdBy: ctx.principal.sub,
          createdByName: ctx.principal.name ?? null,
          authorTeamCodes: ctx.principal.teams,
        });
        return { created: !current, etag: etagOf(version), view: await this.viewOf(em, patient, saved, version) };
      },
      // Two saves from the same base: the unique (patient, version) key lets exactly one insert the next version.
      { constraints: { uq_care_plan_versions_patient_version: () => new PreconditionFailed('Someone else saved the care plan first; read it again and retry') } },
    );
  }

  /** Records an agreement to the current version (If-Match optional: 412 when it names an older one). */
  async agree(ctx: RequestContext, nhsNumber: string, dto: AgreementDto, ifMatch: string | undefined) {
    return this.db.transaction((em) => this.agreeIn(em, ctx, nhsNumber, dto, ifMatch));
  }

  /** The same inside the caller's transaction (an MDT outcome recording the plan's agreement). */
  async agreeIn(em: EntityManager, ctx: RequestContext, nhsNumber: string, dto: AgreementDto, ifMatch?: string) {
    const { patient } = await this.openPlan(em, ctx, nhsNumber, 'care_plan.agree');
    const v = await this.latest(em, patient.id);
    if (!v) throw new CarePlanNotFound();
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(v.version)) {
      throw new PreconditionFailed(`The care plan is now at version ${v.version}; read it again before agreeing`);
    }
    const problem = gpAgreementProblem(dto.role, ctx.principal, patient.gpPracticeOds, dto.recordedOnBehalfOf);
    if (problem) throw new ValidationFailed('The agreement is not valid', [problem]);
    await this.plans.insertAgreement(em, {
      patientId: patient.id,
      version: v.version,
      role: dto.role,
      name: dto.name.trim(),
      patientInvolved: dto.patientInvolved,
      recordedBy: ctx.principal.sub,
      recordedByName: ctx.principal.name ?? null,
      recordedOnBehalfOf: dto.recordedOnBehalfOf?.trim() || null,
    });
    return { etag: etagOf(v.version), view: await this.viewOf(em, patient, v, v.version) };
  }

  /** Version history, newest first (who saved, when, which sections changed). */
  async versions(ctx: RequestContext, nhsNumber: string, q: { limit: number; cursor?: string }): Promise<Page<ReturnType<typeof toVersionSummary>>> {
    const after = decodeCursor(q.cursor, ['int']);
    return this.db.transaction(async (em) => {
      const { patient } = await this.openPlan(em, ctx, nhsNumber, 'care_plan.history');
      const latest = await this.latest(em, patient.id);
      if (!latest) throw new CarePlanNotFound();
      const rows = await this.plans.versions(em, patient.id, after?.[0], q.limit + 1);
      const agreements = await this.agreementsOf(em, patient.id, latest.version);
      return toPage(rows, q.limit, (r) => [r.version], (r) => toVersionSummary(r, latest.version, r.version === latest.version ? agreements : []));
    });
  }

  /** Any one version, as it was saved (status against the current version). */
  async version(ctx: RequestContext, nhsNumber: string, n: number) {
    return this.db.transaction(async (em) => {
      const { patient } = await this.openPlan(em, ctx, nhsNumber, 'care_plan.read_version');
      const latest = await this.latest(em, patient.id);
      if (!latest) throw new CarePlanNotFound();
      const v = await this.plans.version(em, patient.id, n);
      if (!v) throw new CarePlanVersionNotFound(n);
      return { etag: etagOf(v.version), view: await this.viewOf(em, patient, v, latest.version) };
    });
  }

  /**
   * Records the patient's decision about sharing the plan. While sharing is declined, only the
   * practice and authoring teams (or break-glass) may change it, as for reading the plan.
   */
  async recordConsent(ctx: RequestContext, nhsNumber: string, dto: ConsentDto) {
    const recordedAt = instant(dto.recordedAt, 'recordedAt') as Date;
    const problems = bestInterestsProblems(dto);
    if (problems.length) throw new ValidationFailed('The consent decision is not valid', problems);
    return this.db.transaction(async (em) => {
      const { patient } = await this.openPlan(em, ctx, nhsNumber, 'care_plan.consent.write');
      const previous = await this.currentConsent(em, patient.id);
      const saved = await this.plans.insertConsent(em, {
        patientId: patient.id,
        decision: dto.decision,
        scope: dto.scope,
        recordedBy: dto.recordedBy.trim(),
        recordedAt,
        notes: dto.notes?.trim() || null,
        createdBy: ctx.principal.sub,
        decisionMaker: dto.decisionMaker?.trim() || null,
        healthAndWelfareLpa: dto.healthAndWelfareLpa ?? null,
        decisionMakerIsAttorney: dto.decision === 'best_interests' ? (dto.decisionMakerIsAttorney ?? false) : null,
      });
      return { created: !previous, view: toConsentView(saved) };
    });
  }

  /** The current decision and its history, newest first (who can see the patient can see this). */
  async consent(ctx: RequestContext, nhsNumber: string) {
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'care_plan.consent.read', resourceType: 'care_plan_consent', resourceId: nhsNumber });
      const all = await this.plans.consents(em, patient.id, 100);
      if (all.length === 0) throw new ConsentNotRecorded();
      return { ...toConsentView(all[0]), history: all.map(toConsentView) };
    });
  }
}
