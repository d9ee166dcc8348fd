import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, decodeCursor, toPage } from '../pagination';
import { AuditEventEntity } from './audit-event.entity';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

export interface AuditEventView {
  id: string;
  at: string;
  actor: { sub: string; name: string | null; roles: string[]; org: string | null; teams: string[] };
  action: string;
  nhsNumber: string | null;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
  reason: string | null;
  correlationId: string | null;
}

function toView(e: AuditEventEntity): AuditEventView {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actor: { sub: e.actorSub, name: e.actorName, roles: e.actorRoles, org: e.actorOrg, teams: e.actorTeams },
    action: e.action,
    nhsNumber: e.nhsNumber,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    outcome: e.outcome,
    reason: e.reason,
    correlationId: e.correlationId,
  };
}

@Injectable()
export class AuditQueryService {
  constructor(private readonly db: DataSource) {}

  /** Newest first (by id, which follows commit order closely enough for an access log). */
  async list(q: ListAuditEventsQuery & { limit: number }): Promise<Page<AuditEventView>> {
    const after = decodeCursor(q.cursor, 1) as [string] | undefined;
    const qb = this.db.getRepository(AuditEventEntity).createQueryBuilder('e').orderBy('e.id', 'DESC').limit(q.limit + 1);
    if (q.nhsNumber) qb.andWhere('e.nhs_number = :nhs', { nhs: q.nhsNumber });
    if (q.actor) qb.andWhere('e.actor_sub = :actor', { actor: q.actor });
    if (q.from) qb.andWhere('e.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.at < :to', { to: q.to });
    if (after) qb.andWhere('e.id < :after', { after: after[0] });
    const rows = await qb.getMany();
    return toPage(rows, q.limit, (e) => [String(e.id)], toView);
  }
}
