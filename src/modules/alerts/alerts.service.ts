import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { OutboxService } from '../webhooks/outbox.service';
import type { AlertStatus } from './alert.entity';
import { AlertNotFound } from './alert-errors';

/** The PostgreSQL NOTIFY channel: `{ id, teamCode }` of each alert, sent when its transaction commits. */
export const ALERT_CHANNEL = 'alert_raised';

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

interface AlertRow {
  id: string;
  type: string;
  team_code: string;
  nhs_number: string | null;
  patient_id: string | null;
  status: AlertStatus;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  detail: Record<string, unknown>;
}

function toView(r: AlertRow): AlertView {
  return {
    id: r.id,
    type: r.type,
    teamCode: r.team_code,
    nhsNumber: r.nhs_number,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
    detail: r.detail,
  };
}

const SELECT_ALERT = `SELECT a.id, a.type, a.team_code, p.nhs_number, a.patient_id, a.status, a.created_at,
  a.acknowledged_at, a.acknowledged_by, a.detail FROM alerts a LEFT JOIN patients p ON p.id = a.patient_id`;

@Injectable()
export class AlertsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
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
    if (alert.patientId && alert.type !== 'break_glass') {
      const [dead]: { deceased: boolean }[] = await em.query('SELECT deceased_at IS NOT NULL AS deceased FROM patients WHERE id = $1', [alert.patientId]);
      if (dead?.deceased) return [];
    }
    const rows = (await em.query(
      `INSERT INTO alerts (type, team_code, patient_id, detail, dedupe_key)
       SELECT $1, t, $2, $3::jsonb, CASE WHEN $4::text IS NULL THEN NULL ELSE $4 || ':' || t END
       FROM unnest($5::varchar[]) AS t
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, team_code, created_at`,
      [alert.type, alert.patientId ?? null, JSON.stringify(alert.detail ?? {}), alert.dedupeKey ?? null, teams],
    )) as { id: string; team_code: string; created_at: Date }[];
    if (rows.length === 0) return [];
    await em.query(`SELECT pg_notify($1, n) FROM unnest($2::text[]) AS n`, [
      ALERT_CHANNEL,
      rows.map((r) => JSON.stringify({ id: r.id, teamCode: r.team_code })),
    ]);
    for (const r of rows) {
      // Events carry no patient identifiers: a receiver reads the alert with its own credentials.
      await this.outbox.publish(em, 'alert.raised', {
        alertId: r.id,
        type: alert.type,
        teamCode: r.team_code,
        createdAt: r.created_at.toISOString(),
      });
    }
    return rows.map((r) => r.id);
  }

  async list(ctx: RequestContext, q: { team?: string; status?: AlertStatus; limit: number; cursor?: string }): Promise<Page<AlertView>> {
    const teams = this.teamsInScope(ctx, q.team);
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const params: unknown[] = [teams];
      let where = 'a.team_code = ANY($1)';
      if (q.status) {
        params.push(q.status);
        where += ` AND a.status = $${params.length}`;
      }
      if (after) {
        params.push(after[0], after[1]);
        where += ` AND (a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
      }
      params.push(q.limit + 1);
      const rows: AlertRow[] = await em.query(
        `${SELECT_ALERT} WHERE ${where} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
        params,
      );
      const page = toPage(rows, q.limit, (r) => [r.created_at.toISOString(), r.id], toView);
      await this.audit.record(
        em,
        ctx,
        rows
          .slice(0, q.limit)
          .filter((r) => r.patient_id)
          .map((r) => ({ action: 'alert.read', resourceType: 'alert', resourceId: r.id, patient: { id: r.patient_id as string, nhsNumber: r.nhs_number } })),
      );
      return page;
    });
  }

  async acknowledge(ctx: RequestContext, id: string): Promise<AlertView> {
    return this.db.transaction(async (em) => {
      const rows: AlertRow[] = await em.query(`${SELECT_ALERT} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
      const row = rows[0];
      if (!row || !ctx.principal.teams.includes(row.team_code)) {
        throw new AlertNotFound();
      }
      if (row.status === 'open') {
        const [updated]: [AlertRow[]] = await em.query(
          `UPDATE alerts SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1
           RETURNING id, acknowledged_at, acknowledged_by, status`,
          [id, ctx.principal.sub],
        );
        Object.assign(row, updated[0]);
      }
      if (row.patient_id) {
        await this.audit.record(em, ctx, {
          action: 'alert.acknowledge',
          resourceType: 'alert',
          resourceId: id,
          patient: { id: row.patient_id, nhsNumber: row.nhs_number },
        });
      }
      return toView(row);
    });
  }

  /** One alert as the stream sends it, audited as a read when it concerns a patient. */
  async streamed(ctx: RequestContext, id: string): Promise<AlertView | null> {
    return this.db.transaction(async (em) => {
      const [row]: AlertRow[] = await em.query(`${SELECT_ALERT} WHERE a.id = $1`, [id]);
      if (!row || !ctx.principal.teams.includes(row.team_code)) return null;
      if (row.patient_id) {
        await this.audit.record(em, ctx, { action: 'alert.stream', resourceType: 'alert', resourceId: id, patient: { id: row.patient_id, nhsNumber: row.nhs_number } });
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
