import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/principal';
import type { AuditOutcome } from './audit-event.entity';
import { type AuditActor, AuditRepository, type NewAuditEvent } from './audit.repository';

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patient?: { id: string; nhsNumber: string | null } | null;
  outcome?: AuditOutcome;
  reason?: string | null;
}

/** Who acted, as every event of the request records it. */
export function auditActor(ctx: RequestContext): AuditActor {
  const p = ctx.principal;
  return { sub: p.sub, name: p.name ?? null, roles: p.roles, org: p.org ?? null, teams: p.teams, correlationId: ctx.correlationId || null };
}

/**
 * Writes audit events through the caller's EntityManager, so an event commits (or rolls back)
 * with the change it describes. Reads are audited the same way inside the read's transaction.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  /** A page of a list read: one `<resourceType>.read` event per row that names a patient (in the read's transaction). */
  async recordPageRead(
    em: EntityManager,
    ctx: RequestContext,
    resourceType: string,
    rows: { id: string; patientId: string | null; nhsNumber: string | null }[],
  ): Promise<void> {
    const read = rows.filter((r) => r.patientId);
    await this.record(
      em,
      ctx,
      read.map((r) => ({ action: `${resourceType}.read`, resourceType, resourceId: r.id, patient: { id: r.patientId as string, nhsNumber: r.nhsNumber } })),
    );
  }

  async record(em: EntityManager, ctx: RequestContext, inputs: AuditInput | AuditInput[]): Promise<void> {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length === 0) return;
    const actor = auditActor(ctx);
    const rows: NewAuditEvent[] = list.map((i) => ({
      action: i.action,
      nhsNumber: i.patient?.nhsNumber ?? null,
      patientId: i.patient?.id ?? null,
      resourceType: i.resourceType,
      resourceId: i.resourceId ?? null,
      outcome: i.outcome ?? 'allowed',
      reason: i.reason ?? null,
    }));
    await this.events.append(em, actor, rows);
  }
}
