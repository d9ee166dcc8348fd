import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AlertsService } from '../../modules/alerts/alerts.service';
import { PatientEntity } from '../../modules/patients/patient.entity';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { breakGlassDedupeKey } from './domain/break-glass';
import { AccessDecision, Relationship, decideAccess } from './domain/access-policy';
import { Clock } from '../clock';
import { PatientAccessRepository } from './patient-access.repository';
import { RefusalLedger } from './refusal-ledger';
import { RelationshipRegistry } from './relationship-registry';
import { PatientMerged, PatientNotFound } from './access-errors';

export const PRACTICE_ALIGNMENT = 'gp_practice_alignment';

/**
 * A capability's extra rule on top of the relationship rule: given the patient and all their
 * relationships, the relationships that count for this resource, or null for no restriction.
 * When restricted, "read any patient" does not apply; break-glass still does (audited, alerted).
 */
export type AccessRestriction = (em: EntityManager, patient: PatientEntity, relationships: Relationship[]) => Promise<Relationship[] | null>;

export interface OpenedPatient {
  patient: PatientEntity;
  relationships: Relationship[];
  decision: Extract<AccessDecision, { allowed: true }>;
}

/**
 * The one gate to a patient's record. Every capability that reads or writes patient data opens
 * the patient here: it applies the legitimate-relationship rule, writes the audit event in the
 * caller's transaction, and on break-glass alerts the patient's practice team. No access and no
 * such patient look the same (404).
 */
@Injectable()
export class PatientAccessService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: RelationshipRegistry,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    private readonly patients: PatientAccessRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(
    em: EntityManager,
    ctx: RequestContext,
    nhsNumber: string,
    audit: { action: string; resourceType?: string; resourceId?: string },
    options: { lock?: boolean; restrict?: AccessRestriction } = {},
  ): Promise<OpenedPatient> {
    const patient = await this.patients.byNhsNumber(em, nhsNumber, options.lock);
    if (!patient) throw new PatientNotFound();
    // Follow a chain of merges to the record that survives.
    if (patient.mergedIntoId) throw new PatientMerged(await this.patients.survivingNhsNumber(em, patient.mergedIntoId));
    return this.authorise(em, ctx, patient, audit, options.restrict);
  }

  relationshipsOf(em: EntityManager, patient: PatientEntity): Promise<Relationship[]> {
    return this.registry.relationshipsOf(em, patient);
  }

  async authorise(
    em: EntityManager,
    ctx: RequestContext,
    patient: PatientEntity,
    audit: { action: string; resourceType?: string; resourceId?: string },
    restrict?: AccessRestriction,
  ): Promise<OpenedPatient> {
    const relationships = await this.registry.relationshipsOf(em, patient);
    const restricted = restrict ? await restrict(em, patient, relationships) : null;
    const decision = restricted
      ? decideAccess(ctx.principal, restricted, ctx.accessReason, { readAny: false })
      : decideAccess(ctx.principal, relationships, ctx.accessReason);
    const event = {
      action: audit.action,
      resourceType: audit.resourceType ?? 'patient',
      resourceId: audit.resourceId ?? patient.nhsNumber,
      patient: { id: patient.id, nhsNumber: patient.nhsNumber },
    };
    if (!decision.allowed) {
      // Recorded once the caller's transaction has ended (RefusalAuditInterceptor), so the record of
      // the attempt survives the failed request and never needs a second connection meanwhile.
      const refusal = { ctx, event: { ...event, outcome: 'denied' as const } };
      if (!RefusalLedger.note(refusal)) await this.audit.record(this.db.manager, ctx, refusal.event);
      throw new PatientNotFound();
    }
    if (decision.basis === 'break_glass') {
      await this.audit.record(em, ctx, { ...event, outcome: 'break_glass', reason: ctx.accessReason });
      await this.alerts.raise(em, {
        type: 'break_glass',
        teamCodes: relationships.filter((r) => r.relationship === PRACTICE_ALIGNMENT).map((r) => r.teamCode),
        patientId: patient.id,
        // one alert per user and patient within the window; every access is still audited
        dedupeKey: breakGlassDedupeKey(
          createHash('sha256').update(ctx.principal.sub).digest('hex').slice(0, 24),
          patient.id,
          this.clock.now(),
          this.config.security.breakGlassAlertWindowMinutes,
        ),
        detail: { by: ctx.principal.sub, byName: ctx.principal.name ?? null, teams: ctx.principal.teams, reason: ctx.accessReason, action: audit.action },
      });
    } else {
      await this.audit.record(em, ctx, event);
    }
    return { patient, relationships, decision };
  }
}
