import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MetricsFilter } from '../metrics/domain/measures';
import { IN_SCOPE, JOIN_PATIENT_IF_SCOPED, PATIENT_IN_SCOPE, params } from '../metrics/providers/sql';
import { OPEN_DESTINATION_STATUSES_SQL } from './domain/referral-state';

/** Counts behind the referral measures (aggregate only: no patient identifiers leave here). */
export interface ReferralCounts {
  bySource: { sourceType: string; urgency: string; n: number }[];
  /** Routed parts first contacted within their target, due (contacted, or past respondBy), breached. */
  response: { within: number; due: number; breached: number };
}

/**
 * Aggregate SQL for the commissioner's report, over referrals received in the period (parameters
 * as metrics/providers/sql.ts: $1 from, $2 to, $3 practice, $4 locality, $5 now).
 */
@Injectable()
export class ReferralMeasuresRepository {
  async counts(em: EntityManager, f: MetricsFilter, now: Date): Promise<ReferralCounts> {
    const p = params(f, now);
    const bySource: { sourceType: string; urgency: string; n: number }[] = await em.query(
      `SELECT r.source_type AS "sourceType", r.urgency, count(*)::int AS n FROM referrals r ${JOIN_PATIENT_IF_SCOPED('r.patient_id')}
       WHERE r.received_at >= $1 AND r.received_at < $2 AND ${PATIENT_IN_SCOPE('r.patient_id')} AND $5::timestamptz IS NOT NULL GROUP BY 1, 2`,
      p,
    );
    const [response]: { within: number; due: number; breached: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE d.first_contact_at IS NOT NULL AND d.first_contact_at <= d.respond_by)::int AS within,
              count(*) FILTER (WHERE d.first_contact_at IS NOT NULL OR d.respond_by <= $5)::int AS due,
              count(*) FILTER (WHERE coalesce(d.first_contact_at, $5) > d.breach_at)::int AS breached
       FROM referral_destinations d JOIN referrals r ON r.id = d.referral_id ${JOIN_PATIENT_IF_SCOPED('r.patient_id')}
       WHERE r.received_at >= $1 AND r.received_at < $2 AND ${PATIENT_IN_SCOPE('r.patient_id')}
         AND NOT (d.cancelled_at IS NOT NULL AND d.first_contact_at IS NULL)`,
      p,
    );
    return { bySource, response };
  }

  /**
   * Living patients in scope who have a care coordinator team, an open routed referral part, or
   * are among `alsoKnown` (those with an open Pro-Active Care episode, from the caseloads module).
   */
  async patientsKnown(em: EntityManager, f: MetricsFilter, now: Date, alsoKnown: string[]): Promise<number> {
    const [known]: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM patients p
       WHERE p.deceased_at IS NULL AND ${IN_SCOPE} AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL
         AND p.id IN (SELECT c.id FROM patients c WHERE c.care_coordinator_team_code IS NOT NULL
                      UNION SELECT unnest($6::uuid[])
                      UNION SELECT r.patient_id FROM referrals r JOIN referral_destinations d ON d.referral_id = r.id
                            WHERE d.status IN ${OPEN_DESTINATION_STATUSES_SQL})`,
      [...params(f, now), alsoKnown],
    );
    return known.n;
  }
}
