import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Urgency } from './domain/catalogue';
import { AWAITING_CONTACT_STATUSES_SQL, type DestinationStatus } from './domain/referral-state';

/** A referral still awaiting triage past its respondBy, not yet alerted. */
export interface TriageBreach {
  id: string;
  patientId: string;
  spoaTeamCode: string;
  urgency: Urgency;
  respondBy: Date;
}

/** A routed part past its respondBy without first contact, not yet alerted, with its referral's fields. */
export interface ResponseBreach {
  id: string;
  referralId: string;
  teamCode: string;
  service: string;
  status: DestinationStatus;
  respondBy: Date;
  patientId: string;
  spoaTeamCode: string;
  urgency: Urgency;
}

/**
 * Claims breaches for one check (FOR UPDATE SKIP LOCKED: concurrent checks on other instances
 * take other rows) and marks them alerted in the same transaction.
 */
@Injectable()
export class ReferralBreachesRepository {
  claimTriageBreaches(em: EntityManager, now: Date, batch: number): Promise<TriageBreach[]> {
    return em.query(
      `SELECT r.id, r.patient_id AS "patientId", r.spoa_team_code AS "spoaTeamCode", r.urgency, r.respond_by AS "respondBy" FROM referrals r
       WHERE r.status = 'awaiting_triage' AND r.breach_alerted_at IS NULL AND r.respond_by < $1
       ORDER BY r.respond_by LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batch],
    );
  }

  async markTriageAlerted(em: EntityManager, referralId: string, at: Date): Promise<void> {
    await em.query('UPDATE referrals SET breach_alerted_at = $2 WHERE id = $1', [referralId, at]);
  }

  /**
   * Locks the referral with its part: every change to a referral takes the referral's lock first,
   * so the check never deadlocks with one and never reprocesses a part another check marked.
   */
  claimResponseBreaches(em: EntityManager, now: Date, batch: number): Promise<ResponseBreach[]> {
    return em.query(
      `SELECT d.id, d.referral_id AS "referralId", d.team_code AS "teamCode", d.service, d.status, d.respond_by AS "respondBy",
         r.patient_id AS "patientId", r.spoa_team_code AS "spoaTeamCode", r.urgency
       FROM referral_destinations d JOIN referrals r ON r.id = d.referral_id
       WHERE d.status IN ${AWAITING_CONTACT_STATUSES_SQL} AND d.breach_alerted_at IS NULL AND d.respond_by < $1
       ORDER BY d.respond_by LIMIT $2 FOR UPDATE OF d, r SKIP LOCKED`,
      [now, batch],
    );
  }

  async markResponseAlerted(em: EntityManager, partId: string, at: Date): Promise<void> {
    await em.query('UPDATE referral_destinations SET breach_alerted_at = $2 WHERE id = $1', [partId, at]);
  }
}
