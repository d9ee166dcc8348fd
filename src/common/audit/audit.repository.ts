import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEventEntity, type AuditOutcome } from './audit-event.entity';

/** Who acted (from the token), the same for every event one request records. */
export interface AuditActor {
  sub: string;
  name: string | null;
  roles: string[];
  org: string | null;
  teams: string[];
  correlationId: string | null;
}

/** One audited action: what, about which patient and resource, and its outcome. */
export interface NewAuditEvent {
  action: string;
  nhsNumber: string | null;
  patientId: string | null;
  resourceType: string;
  resourceId: string | null;
  outcome: AuditOutcome;
  reason: string | null;
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
  /**
   * Appends one actor's events through the caller's EntityManager, so they commit or roll back with
   * its transaction: one statement whatever the number of events (a caseload page writes 50), with
   * the same text every time, so PostgreSQL can reuse its plan, and nothing read back.
   */
  async append(em: EntityManager, actor: AuditActor, events: NewAuditEvent[]): Promise<void> {
    const column = <K extends keyof NewAuditEvent>(k: K) => events.map((e) => e[k]);
    await em.query(
      `INSERT INTO audit_events (actor_sub, actor_name, actor_roles, actor_org, actor_teams, correlation_id,
         action, nhs_number, patient_id, resource_type, resource_id, outcome, reason)
       SELECT $1, $2, $3::text[], $4, $5::text[], $6, e.action, e.nhs_number, e.patient_id, e.resource_type, e.resource_id, e.outcome, e.reason
       FROM unnest($7::varchar[], $8::char(10)[], $9::uuid[], $10::varchar[], $11::varchar[], $12::varchar[], $13::text[])
         AS e(action, nhs_number, patient_id, resource_type, resource_id, outcome, reason)`,
      [
        actor.sub,
        actor.name,
        actor.roles,
        actor.org,
        actor.teams,
        actor.correlationId,
        column('action'),
        column('nhsNumber'),
        column('patientId'),
        column('resourceType'),
        column('resourceId'),
        column('outcome'),
        column('reason'),
      ],
    );
  }

  /**
   * Newest first, by (at, id). A page after `beforeId` continues from that event's (at, id), so the
   * cursor stays one id. Every index ends in (at, id): a period, a patient or an actor starts at its
   * newest match instead of stepping over rows written after the period's end.
   */
  list(em: EntityManager, f: AuditEventFilter): Promise<AuditEventEntity[]> {
    const qb = em.getRepository(AuditEventEntity).createQueryBuilder('e').orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').limit(f.limit);
    if (f.nhsNumber) qb.andWhere('e.nhs_number = :nhs', { nhs: f.nhsNumber });
    if (f.actor) qb.andWhere('e.actor_sub = :actor', { actor: f.actor });
    if (f.from) qb.andWhere('e.at >= :from', { from: f.from });
    if (f.to) qb.andWhere('e.at < :to', { to: f.to });
    if (f.beforeId) qb.andWhere('(e.at, e.id) < (SELECT b.at, b.id FROM audit_events b WHERE b.id = :before LIMIT 1)', { before: f.beforeId });
    return qb.getMany();
  }
}
