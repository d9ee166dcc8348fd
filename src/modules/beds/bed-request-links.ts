import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { BedAllocator } from './bed-allocator';
import { BedReferencesRepository } from './bed-references.repository';
import { BedRequestsRepository, RequestSummary } from './bed-requests.repository';
import type { Direction, Priority, RequestSource } from './domain/types';

export interface LinkedRequest {
  patientId: string;
  direction: Direction;
  source: Exclude<RequestSource, 'manual'>;
  referralId?: string;
  admissionId?: string;
  priority: Priority;
  /** The team asking (alerts on offer and on expiry go to it). */
  teamCode: string | null;
  /** Who acted (a token subject). */
  by: string;
}

/** Referral urgency as bed priority: crisis and urgent referrals are urgent bed requests. */
export function priorityForUrgency(urgency: 'crisis' | 'urgent' | 'routine'): Priority {
  return urgency === 'routine' ? 'routine' : 'urgent';
}

/**
 * Bed requests raised by other capabilities' events: triage to the step-up bed service, a referral
 * part completed with outcome `step_up_bed`, a hospital discharge to a step-down bed. Each raises
 * its request once: nothing is raised when the referral (or admission) already has a request of
 * that direction, and partial unique indexes (one request per referral from referrals, one per
 * admission from admissions) plus the one-open-request-per-patient index make a second impossible
 * under any concurrency (INSERT ... ON CONFLICT DO NOTHING). The allocator runs in the same
 * transaction, so a free bed is offered at once.
 */
@Injectable()
export class BedRequestLinks {
  constructor(
    private readonly allocator: BedAllocator,
    private readonly audit: AuditService,
    private readonly requests: BedRequestsRepository,
    private readonly references: BedReferencesRepository,
  ) {}

  async raise(em: EntityManager, r: LinkedRequest): Promise<string | null> {
    if (await this.requests.linkedExists(em, r.direction, r.referralId ?? null, r.admissionId ?? null)) return null;
    const teams = r.teamCode ? await this.references.existingTeams(em, [r.teamCode]) : new Set<string>();
    const id = await this.requests.insertLinked(em, {
      patientId: r.patientId,
      direction: r.direction,
      referralId: r.referralId ?? null,
      admissionId: r.admissionId ?? null,
      priority: r.priority,
      requestedBySub: r.by.slice(0, 128),
      requestedByTeam: r.teamCode && teams.has(r.teamCode) ? r.teamCode : null,
      source: r.source,
    });
    if (id === null) return null;
    const ctx: RequestContext = { principal: { sub: r.by, roles: [], teams: [], permissions: new Set() }, correlationId: '' };
    await this.audit.record(em, ctx, {
      action: `bed_request.create_from_${r.source}`,
      resourceType: 'bed_request',
      resourceId: id,
      patient: { id: r.patientId, nhsNumber: await this.references.nhsNumberOf(em, r.patientId) },
    });
    await this.allocator.run(em, 'request_arrived');
    return id;
  }

  /** The bed requests raised for a referral, for its view. */
  forReferral(em: EntityManager, referralId: string): Promise<RequestSummary[]> {
    return this.requests.forReferral(em, referralId);
  }
}
