import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_MDT_ACTIONS } from '../tasks/for-mdt.repository';

export interface MdtMetrics {
  /** Meetings not cancelled whose start has passed, in the window. */
  meetingsHeld: number;
  /** Of those, meetings where every core role had an attendee. */
  quorate: number;
  /** Distinct patients with a recorded outcome at those meetings. */
  patientsDiscussed: number;
  /** Open tasks created from MDT actions that are past their due time. */
  actionsOverdue: number;
}

export interface MdtMetricsFilter {
  practice?: string;
  locality?: string;
  from: Date;
  to: Date;
}

/** The meeting's practice ($4) and locality ($5), each when given. */
const SCOPE = `($4::text IS NULL OR m.practice_ods = $4)
      AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.ods_code = m.practice_ods AND o.locality = $5))`;

/** Aggregate counts for the metrics report (no patient data), in one statement. */
@Injectable()
export class MdtMetricsRepository {
  /** Over meetings starting in [from, to) and by `now`; overdue actions of any meeting in scope. */
  async counts(em: EntityManager, f: MdtMetricsFilter, now: Date): Promise<MdtMetrics> {
    const [row]: { held: number; quorate: number; discussed: number; overdue: number }[] = await em.query(
      `WITH held AS (
         SELECT m.id, m.core_roles FROM mdt_meetings m
          WHERE m.status <> 'cancelled' AND m.starts_at >= $1 AND m.starts_at < $2 AND m.starts_at <= $3 AND ${SCOPE}
       )
       SELECT (SELECT count(*)::int FROM held) AS held,
              (SELECT count(*)::int FROM held h WHERE h.core_roles::text[] <@ COALESCE((SELECT array_agg(a.role::text) FROM mdt_attendees a WHERE a.meeting_id = h.id), '{}')) AS quorate,
              (SELECT count(DISTINCT o.patient_id)::int FROM mdt_outcomes o JOIN held h ON h.id = o.meeting_id) AS discussed,
              (SELECT count(*)::int FROM (${OPEN_MDT_ACTIONS}) t JOIN mdt_outcomes o ON t.outcome_id = o.id::text
                 JOIN mdt_meetings m ON m.id = o.meeting_id
                WHERE t.due_at < $3 AND ${SCOPE}) AS overdue`,
      [f.from, f.to, now, f.practice ?? null, f.locality ?? null],
    );
    return { meetingsHeld: row.held, quorate: row.quorate, patientsDiscussed: row.discussed, actionsOverdue: row.overdue };
  }
}
