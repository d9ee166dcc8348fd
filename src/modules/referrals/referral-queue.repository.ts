import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import type { Urgency } from './domain/catalogue';
import { OPEN_DESTINATION_STATUSES_SQL, OPEN_REFERRAL_STATUSES_SQL } from './domain/referral-state';
import { ALWAYS_SQL, NEVER_SQL } from './domain/response-clock';
import type { StatusFilter } from './dto/referral.dto';

/** Where a queue page starts: after this key (breached first: 0, then 1; respondBy; id). */
export interface QueueCursor {
  breached: 0 | 1;
  respondBy: string;
  id: string;
}

export interface QueueQuery {
  /** "Now" for the clocks (frozen in the cursor, so pages stay consistent). */
  asOf: Date;
  /** A receiving team's worklist (its routed parts' clocks) instead of the referral queue. */
  team?: string;
  status: StatusFilter;
  urgency?: Urgency;
  nhsNumber?: string;
  breached?: boolean;
  unassigned?: boolean;
  /** Only referrals routed to one of `teams`, or sent by `org`; undefined: every referral. */
  visibleTo?: { teams: string[]; org: string | null };
  after?: QueueCursor;
  /** Rows to fetch (the page size and one more). */
  limit: number;
}

/** A queue position: the referral, and the sort key it has there (`cursorAt`: respondBy to the microsecond). */
export interface QueueKey extends CursorAt {
  referralId: string;
  respondBy: Date;
  /** The referral's id, or the routed part's on a team worklist. */
  keyId: string;
  breached: 0 | 1;
}

/**
 * The triage queue and team worklists. Order: breached first, then respondBy, then id. Each clock
 * state is a range scan of its own partial index (when listing open items): breached = running
 * past respond_by, or stopped late; not breached = the rest. The scans are merged: no sort of the
 * whole queue.
 */
@Injectable()
export class ReferralQueueRepository {
  async page(em: EntityManager, q: QueueQuery): Promise<QueueKey[]> {
    const p = new SqlParams([q.asOf]);
    const c = q.team ? 'd' : 'r';
    const team = q.team ? p.add(q.team) : null;
    const where: string[] = [];
    if (q.status === 'open') where.push(q.team ? `d.status IN ${OPEN_DESTINATION_STATUSES_SQL}` : `r.status IN ${OPEN_REFERRAL_STATUSES_SQL}`);
    else if (q.status !== 'all') where.push(`r.status = ${p.add(q.status)}`);
    if (q.urgency) where.push(`r.urgency = ${p.add(q.urgency)}`);
    if (q.nhsNumber) where.push(`r.patient_id = (SELECT id FROM patients WHERE nhs_number = ${p.add(q.nhsNumber)})`);
    if (q.unassigned) {
      where.push(
        q.team
          ? 'd.assigned_to IS NULL'
          : `(r.status = 'awaiting_triage' OR EXISTS (SELECT 1 FROM referral_destinations u WHERE u.referral_id = r.id
               AND u.status IN ${OPEN_DESTINATION_STATUSES_SQL} AND u.assigned_to IS NULL))`,
      );
    }
    if (q.visibleTo) {
      const scopes: string[] = [];
      if (q.visibleTo.teams.length) {
        scopes.push(`EXISTS (SELECT 1 FROM referral_destinations s WHERE s.referral_id = r.id AND s.team_code = ANY(${p.add(q.visibleTo.teams, 'varchar[]')}))`);
      }
      if (q.visibleTo.org) scopes.push(`r.created_by_org = ${p.add(q.visibleTo.org)}`);
      where.push(scopes.length ? `(${scopes.join(' OR ')})` : 'false');
    }
    const limit = p.add(q.limit);
    const states: [0 | 1, string][] = [
      [0, `${c}.breach_at = ${c}.respond_by AND ${c}.respond_by < $1`],
      [0, `${c}.breach_at = ${ALWAYS_SQL}`],
      [1, `${c}.breach_at = ${c}.respond_by AND ${c}.respond_by >= $1`],
      [1, `${c}.breach_at = ${NEVER_SQL}`],
    ];
    const after = q.after;
    const cursorAt = selectCursorAt(`${c}.respond_by`);
    const branches = states
      .filter(([breached]) => (q.breached === undefined || q.breached === (breached === 0)) && !(after && after.breached > breached))
      .map(([breached, state]) => {
        const conditions = [...where, state];
        if (after && after.breached === breached) {
          conditions.push(p.keyset(`${c}.respond_by, ${c}.id`, '>', [after.respondBy, after.id]));
        }
        return team
          ? `SELECT r.id AS "referralId", d.respond_by AS "respondBy", ${cursorAt}, d.id AS "keyId", ${breached} AS breached
             FROM referrals r JOIN referral_destinations d ON d.referral_id = r.id AND d.team_code = ${team}
             WHERE ${conditions.join(' AND ')} ORDER BY d.respond_by, d.id LIMIT ${limit}`
          : `SELECT r.id AS "referralId", r.respond_by AS "respondBy", ${cursorAt}, r.id AS "keyId", ${breached} AS breached
             FROM referrals r WHERE ${conditions.join(' AND ')} ORDER BY r.respond_by, r.id LIMIT ${limit}`;
      });
    if (branches.length === 0) return [];
    // Each branch above is a statement of its own (planned against the schema by the architecture
    // tests); their union only merges them in queue order.
    const union = branches.map((b) => `(${b})`).join(' UNION ALL ');
    return em.query(`${union} ORDER BY breached, "respondBy", "keyId" LIMIT ${limit}`, p.values);
  }
}
