import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../domain/definitions';
import { Measure, MetricsFilter, breakdownMeasure, countMeasure, shareMeasure } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';
import { IN_SCOPE, params } from './sql';

/** Referrals through the single point of access: volume, response within target, breaches, patients known. */
@Injectable()
export class ReferralMeasures implements MeasureProvider {
  readonly capability = 'referrals';

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const p = params(f, now);
    const bySource: { source_type: string; urgency: string; n: number }[] = await em.query(
      `SELECT r.source_type, r.urgency, count(*)::int AS n FROM referrals r JOIN patients p ON p.id = r.patient_id
       WHERE r.received_at >= $1 AND r.received_at < $2 AND ${IN_SCOPE} AND $5::timestamptz IS NOT NULL GROUP BY 1, 2`,
      p,
    );
    const [resp]: { within: number; due: number; breached: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE d.first_contact_at IS NOT NULL AND d.first_contact_at <= d.respond_by)::int AS within,
              count(*) FILTER (WHERE d.first_contact_at IS NOT NULL OR d.respond_by <= $5)::int AS due,
              count(*) FILTER (WHERE coalesce(d.first_contact_at, $5) > d.breach_at)::int AS breached
       FROM referral_destinations d JOIN referrals r ON r.id = d.referral_id JOIN patients p ON p.id = r.patient_id
       WHERE r.received_at >= $1 AND r.received_at < $2 AND ${IN_SCOPE}
         AND NOT (d.cancelled_at IS NOT NULL AND d.first_contact_at IS NULL)`,
      p,
    );
    const [known]: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM patients p
       WHERE p.deceased_at IS NULL AND ${IN_SCOPE} AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL
         AND (p.care_coordinator_team_code IS NOT NULL
           OR EXISTS (SELECT 1 FROM proactive_care_episodes e WHERE e.patient_id = p.id AND e.status NOT IN ('declined', 'completed', 'withdrawn'))
           OR EXISTS (SELECT 1 FROM referrals r JOIN referral_destinations d ON d.referral_id = r.id
                      WHERE r.patient_id = p.id AND d.status IN ('awaiting_acceptance', 'accepted', 'in_progress')))`,
      p,
    );
    return [
      breakdownMeasure(
        D.referralsBySource,
        f,
        bySource.map((r) => ({ key: `${r.source_type}/${r.urgency}`, count: r.n })),
      ),
      shareMeasure(D.respondedWithinTarget, f, resp.within, resp.due),
      countMeasure(D.breaches, f, resp.breached),
      countMeasure(D.patientsKnown, f, known.n),
    ];
  }
}
