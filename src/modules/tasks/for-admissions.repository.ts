import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MetricsFilter } from '../metrics/domain/measures';
import { JOIN_PATIENT_IF_SCOPED, PATIENT_IN_SCOPE, params } from '../metrics/providers/sql';

/** Post-discharge follow-ups created in the period: done within 7 days, and due (done, or 7 days old). */
export interface FollowUpCounts {
  within: number;
  due: number;
}

/** What the admissions capability reads of tasks: the follow-ups its discharges raised (a measure). */
@Injectable()
export class TasksForAdmissionsRepository {
  async followUps(em: EntityManager, f: MetricsFilter, now: Date): Promise<FollowUpCounts> {
    const [counts]: FollowUpCounts[] = await em.query(
      `SELECT count(*) FILTER (WHERE t.completed_at IS NOT NULL AND t.completed_at <= t.created_at + interval '7 days')::int AS within,
              count(*) FILTER (WHERE t.completed_at IS NOT NULL OR t.created_at <= $5::timestamptz - interval '7 days')::int AS due
       FROM tasks t ${JOIN_PATIENT_IF_SCOPED('t.patient_id')}
       WHERE t.type = 'post_discharge_follow_up' AND t.created_at >= $1 AND t.created_at < $2 AND ${PATIENT_IN_SCOPE('t.patient_id')}`,
      params(f, now),
    );
    return counts;
  }
}
