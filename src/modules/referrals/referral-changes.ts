import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientNotFound } from '../../common/access/access-errors';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { PreconditionFailed } from '../../common/errors/domain-error';
import { PatientsForReferralsRepository } from '../patients/for-referrals.repository';
import { isReferringOrganisation } from './domain/parties';
import type { ReferralView } from './dto/referral.view';
import { ReferralDestinationsRepository, type PartRow } from './referral-destinations.repository';
import { ReferralNotFound } from './referral-errors';
import { ReferralHooks } from './referral-hooks';
import { toReferralView } from './referral-mapper';
import { type ReferralRow, ReferralsRepository } from './referrals.repository';

export interface Changed {
  view: ReferralView;
  etag: string;
}

export const etagOf = (version: number) => `"${version}"`;

/** 412 when the caller read an older version of the referral (`*` or no If-Match: any version). */
export function checkIfMatch(r: ReferralRow, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(r.version)) {
    throw new PreconditionFailed(`The referral is now at version ${r.version}; read it again and retry`);
  }
}

/**
 * How every change to a referral runs: one transaction that takes the referral's row lock before
 * changing it, audits in the same transaction, and answers the referral as it is afterwards.
 * And the two ways in: the patient gate, or the referring organisation following its referral.
 */
@Injectable()
export class ReferralChanges {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly referrals: ReferralsRepository,
    private readonly destinations: ReferralDestinationsRepository,
    private readonly patients: PatientsForReferralsRepository,
    private readonly hooks: ReferralHooks,
    private readonly clock: Clock,
  ) {}

  change(ctx: RequestContext, id: string, apply: (em: EntityManager, r: ReferralRow, parts: PartRow[]) => Promise<void>): Promise<Changed> {
    return this.db.transaction(async (em) => {
      const r = await this.referrals.lock(em, id);
      if (!r) throw new ReferralNotFound();
      await apply(em, r, await this.destinations.parts(em, [id]));
      const [fresh] = await this.referrals.rows(em, [id]);
      return this.answer(em, ctx, fresh);
    });
  }

  /** The referral with its parts and history (and what other modules add to the single view). */
  async answer(em: EntityManager, ctx: RequestContext, row: ReferralRow): Promise<Changed> {
    const [parts, history] = [await this.destinations.parts(em, [row.id]), await this.referrals.history(em, row.id)];
    const includePatient = ctx.principal.permissions.has(Permission.PatientRead);
    const view = { ...toReferralView(row, parts, this.clock.now(), { includePatient, external: !includePatient, history }), ...(await this.hooks.extend(em, row.id)) };
    return { view, etag: etagOf(row.version) };
  }

  /** The referring organisation follows its referral; everyone else goes through the patient gate. */
  async openForRead(em: EntityManager, ctx: RequestContext, r: ReferralRow, action: string): Promise<void> {
    if (isReferringOrganisation(ctx.principal, r.created_by_org)) {
      await this.audit.record(em, ctx, { action, resourceType: 'referral', resourceId: r.id, patient: { id: r.patient_id, nhsNumber: r.nhs_number } });
      return;
    }
    await this.openThroughGate(em, ctx, r, action);
  }

  /** PatientAccessService decides and audits (in this transaction); a refusal reads as "no such referral". */
  async openThroughGate(em: EntityManager, ctx: RequestContext, r: ReferralRow, action: string): Promise<void> {
    const patient = await this.patients.byId(em, r.patient_id);
    try {
      await this.access.authorise(em, ctx, patient, { action, resourceType: 'referral', resourceId: r.id });
    } catch (e) {
      if (e instanceof PatientNotFound) throw new ReferralNotFound();
      throw e;
    }
  }
}
