import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, decodeCursor, toPage } from '../pagination';
import type { AuditEventEntity } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
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
  constructor(
    private readonly db: DataSource,
    private readonly events: AuditRepository,
  ) {}

  /** Newest first by (at, id); the cursor is the last event's id. */
  async list(q: ListAuditEventsQuery & { limit: number }): Promise<Page<AuditEventView>> {
    const after = decodeCursor(q.cursor, ['serial']);
    const rows = await this.events.list(this.db.manager, { nhsNumber: q.nhsNumber, actor: q.actor, from: q.from, to: q.to, beforeId: after?.[0], limit: q.limit + 1 });
    return toPage(rows, q.limit, (e) => [String(e.id)], toView);
  }
}
