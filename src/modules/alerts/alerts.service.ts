import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { OutboxService } from '../webhooks/outbox.service';
import type { AlertStatus } from './alert.entity';
import { AlertNotFound } from './alert-errors';
import { ALERT_CHANNEL, type Alert, AlertsRepository } from './alerts.repository';

export interface RaiseAlert {
  type: string;
  teamCodes: string[];
  patientId?: string | null;
  detail?: Record<string, unknown>;
  /** When set, raising the same condition again (from any instance) creates nothing new. */
  dedupeKey?: string;
}

export interface AlertView {
  id: string;
  type: string;
  teamCode: string;
  nhsNumber: string | null;
  status: AlertStatus;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  detail: Record<string, unknown>;
}

function toView(r: Alert): AlertView {
  return {
    id: r.id,
    type: r.type,
    teamCode: r.teamCode,
    nhsNumber: r.nhsNumber,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: r.acknowledgedBy,
    detail: r.detail,
  };
}

@Injectable()
export class AlertsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly repo: AlertsRepository,
  ) {}

  /**
   * Raises one alert per team inside the caller's transaction. Returns the ids actually created.
   * In the same transaction it NOTIFYs live streams on every instance (delivered at commit, never
   * for a rollback) and writes an `alert.raised` event to the outbox for webhooks.
   */
  async raise(em: EntityManager, alert: RaiseAlert): Promise<string[]> {
    const teams = [...new Set(alert.teamCodes)];
    if (teams.length === 0) return [];
    // A patient who has died is contacted by nobody: no more alerts about them (break-glass audit alerts still go).
    const rows = await this.repo.insert(em, {
      type: alert.type,
      teamCodes: teams,
      patientId: alert.patientId ?? null,
      detail: alert.detail ?? {},
      dedupeKey: alert.dedupeKey ?? null,
      unlessDied: Boolean(alert.patientId) && alert.type !== 'break_glass',
    });
    if (rows.length === 0) return [];
    await this.repo.notify(
      em,
      ALERT_CHANNEL,
      rows.map((r) => JSON.stringify({ id: r.id, teamCode: r.teamCode })),
    );
    for (const r of rows) {
      // Events carry no patient identifiers: a receiver reads the alert with its own credentials.
      await this.outbox.publish(em, 'alert.raised', {
        alertId: r.id,
        type: alert.type,
        teamCode: r.teamCode,
        createdAt: r.createdAt.toISOString(),
      });
    }
    return rows.map((r) => r.id);
  }

  async list(ctx: RequestContext, q: { team?: string; status?: AlertStatus; limit: number; cursor?: string }): Promise<Page<AlertView>> {
    const teams = this.teamsInScope(ctx, q.team);
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    return this.db.transaction(async (em) => {
      const rows = await this.repo.list(em, { teamCodes: teams, status: q.status, before: after, limit: q.limit + 1 });
      const page = toPage(rows, q.limit, (r) => [r.cursorAt, r.id], toView);
      await this.audit.recordPageRead(em, ctx, 'alert', rows.slice(0, q.limit));
      return page;
    });
  }

  async acknowledge(ctx: RequestContext, id: string): Promise<AlertView> {
    return this.db.transaction(async (em) => {
      const row = await this.repo.lock(em, id);
      if (!row || !ctx.principal.teams.includes(row.teamCode)) {
        throw new AlertNotFound();
      }
      if (row.status === 'open') Object.assign(row, await this.repo.acknowledge(em, id, ctx.principal.sub));
      if (row.patientId) {
        await this.audit.record(em, ctx, {
          action: 'alert.acknowledge',
          resourceType: 'alert',
          resourceId: id,
          patient: { id: row.patientId, nhsNumber: row.nhsNumber },
        });
      }
      return toView(row);
    });
  }

  /** One alert as the stream sends it, audited as a read when it concerns a patient. */
  async streamed(ctx: RequestContext, id: string): Promise<AlertView | null> {
    return this.db.transaction(async (em) => {
      const row = await this.repo.byId(em, id);
      if (!row || !ctx.principal.teams.includes(row.teamCode)) return null;
      if (row.patientId) {
        await this.audit.record(em, ctx, { action: 'alert.stream', resourceType: 'alert', resourceId: id, patient: { id: row.patientId, nhsNumber: row.nhsNumber } });
      }
      return toView(row);
    });
  }

  teamsInScope(ctx: RequestContext, team?: string): string[] {
    if (team === undefined) return ctx.principal.teams;
    if (!ctx.principal.teams.includes(team)) throw new Forbidden('You can read alerts for your own teams only');
    return [team];
  }
}
