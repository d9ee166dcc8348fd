import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { BedAllocator } from './bed-allocator';
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
  ) {}

  async raise(em: EntityManager, r: LinkedRequest): Promise<string | null> {
    const [existing]: { id: string }[] = await em.query(
      `SELECT id FROM bed_requests WHERE direction = $1 AND (($2::uuid IS NOT NULL AND referral_id = $2) OR ($3::uuid IS NOT NULL AND admission_id = $3)) LIMIT 1`,
      [r.direction, r.referralId ?? null, r.admissionId ?? null],
    );
    if (existing) return null;
    const [teamRow]: { code: string }[] = r.teamCode ? await em.query('SELECT code FROM teams WHERE code = $1', [r.teamCode]) : [];
    const rows: { id: string }[] = await em.query(
      `INSERT INTO bed_requests (patient_id, direction, referral_id, admission_id, needs, purpose, priority, earliest_at, preferred_locality, unit_id,
         excluded_unit_ids, status, requested_at, requested_by_sub, requested_by_team, source)
       VALUES ($1, $2, $3, $4, '{}', NULL, $5, NULL, NULL, NULL, '{}', 'waiting', now(), $6, $7, $8)
       ON CONFLICT DO NOTHING RETURNING id`,
      [r.patientId, r.direction, r.referralId ?? null, r.admissionId ?? null, r.priority, r.by.slice(0, 128), teamRow?.code ?? null, r.source],
    );
    if (rows.length === 0) return null;
    const ctx: RequestContext = { principal: { sub: r.by, roles: [], teams: [], permissions: new Set() }, correlationId: '' };
    const [p]: { nhs_number: string }[] = await em.query('SELECT nhs_number FROM patients WHERE id = $1', [r.patientId]);
    await this.audit.record(em, ctx, {
      action: `bed_request.create_from_${r.source}`,
      resourceType: 'bed_request',
      resourceId: rows[0].id,
      patient: { id: r.patientId, nhsNumber: p?.nhs_number ?? null },
    });
    await this.allocator.run(em, 'request_arrived');
    return rows[0].id;
  }

  /** The bed requests raised for a referral, for its view. */
  async forReferral(em: EntityManager, referralId: string) {
    const rows: { id: string; direction: Direction; status: string; close_cause: string | null; source: RequestSource }[] = await em.query(
      'SELECT id, direction, status, close_cause, source FROM bed_requests WHERE referral_id = $1 ORDER BY requested_at, id',
      [referralId],
    );
    return rows.map((x) => ({ id: x.id, direction: x.direction, status: x.status, closeCause: x.close_cause, source: x.source }));
  }
}
