import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Relationship, decideAccess } from '../../common/access/domain/access-policy';
import { PatientNotFound } from '../../common/access/access-errors';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import type { DomainError } from '../../common/errors/domain-error';
import type { PatientEntity } from '../patients/patient.entity';
import { BedReferencesRepository } from './bed-references.repository';

export interface ListedPatient {
  patientId: string;
  nhsNumber: string | null;
  /** Relationships already known from the row (e.g. the unit team of an active stay). */
  known: Relationship[];
  resourceType: string;
  resourceId: string;
}

/**
 * Patient data in bed answers goes through the access gate:
 * - one record (a request, a stay): PatientAccessService.authorise, with break-glass, audited, and a
 *   refusal answers the resource's own 404 (existence is not leaked);
 * - lists (bed board, requests): the same legitimate-relationship policy without break-glass; a row
 *   shows the NHS number only when the caller may see that patient, and each shown patient is
 *   audited in the read's transaction. Relationships the row already carries are checked first; the
 *   full relationship registry only for the rest.
 */
@Injectable()
export class BedPatientGate {
  constructor(
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly references: BedReferencesRepository,
  ) {}

  async open(
    em: EntityManager,
    ctx: RequestContext,
    patientId: string,
    audit: { action: string; resourceType: string; resourceId: string },
    notFound: () => DomainError,
  ): Promise<PatientEntity> {
    const patient = await this.references.patient(em, patientId);
    if (!patient) throw notFound();
    try {
      await this.access.authorise(em, ctx, patient, audit);
    } catch (e) {
      if (e instanceof PatientNotFound) throw notFound();
      throw e;
    }
    return patient;
  }

  async visible(em: EntityManager, ctx: RequestContext, rows: ListedPatient[], action: string): Promise<Set<string>> {
    const allowed = new Set<string>();
    const unresolved = new Set<string>();
    for (const r of rows) {
      if (allowed.has(r.patientId)) continue;
      if (decideAccess(ctx.principal, r.known).allowed) {
        allowed.add(r.patientId);
        unresolved.delete(r.patientId);
      } else unresolved.add(r.patientId);
    }
    if (unresolved.size > 0) {
      const patients = await this.references.patients(em, [...unresolved]);
      for (const p of patients) {
        if (decideAccess(ctx.principal, await this.access.relationshipsOf(em, p)).allowed) allowed.add(p.id);
      }
    }
    await this.audit.record(
      em,
      ctx,
      rows
        .filter((r) => allowed.has(r.patientId))
        .map((r) => ({ action, resourceType: r.resourceType, resourceId: r.resourceId, patient: { id: r.patientId, nhsNumber: r.nhsNumber } })),
    );
    return allowed;
  }
}
