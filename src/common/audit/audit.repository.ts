import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEventEntity, type AuditOutcome } from './audit-event.entity';

/** One audit event as written: who (from the token), what, about which patient and resource. */
export interface NewAuditEvent {
  actorSub: string;
  actorName: string | null;
  actorRoles: string[];
  actorOrg: string | null;
  actorTeams: string[];
  action: string;
  nhsNumber: string | null;
  patientId: string | null;
  resourceType: string;
  resourceId: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  correlationId: string | null;
}

export interface AuditEventFilter {
  nhsNumber?: string;
  actor?: string;
  from?: string;
  to?: string;
  /** Keyset: events with a smaller id than this. */
  beforeId?: string;
  limit: number;
}

/** The only place that names `audit_events` for the audit module: append (never update) and list. */
@Injectable()
export class AuditRepository {
  /** Appends the events through the caller's EntityManager, so they commit or roll back with its transaction. */
  async append(em: EntityManager, events: NewAuditEvent[]): Promise<void> {
    await em.createQueryBuilder().insert().into(AuditEventEntity).values(events).execute();
  }

  /** Newest first, by id. */
  list(em: EntityManager, f: AuditEventFilter): Promise<AuditEventEntity[]> {
    const qb = em.getRepository(AuditEventEntity).createQueryBuilder('e').orderBy('e.id', 'DESC').limit(f.limit);
    if (f.nhsNumber) qb.andWhere('e.nhs_number = :nhs', { nhs: f.nhsNumber });
    if (f.actor) qb.andWhere('e.actor_sub = :actor', { actor: f.actor });
    if (f.from) qb.andWhere('e.at >= :from', { from: f.from });
    if (f.to) qb.andWhere('e.at < :to', { to: f.to });
    if (f.beforeId) qb.andWhere('e.id < :after', { after: f.beforeId });
    return qb.getMany();
  }
}
