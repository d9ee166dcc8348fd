import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_DESTINATION_STATUSES_SQL, OPEN_REFERRAL_STATUSES_SQL } from './domain/referral-state';

/** An open referral as the single patient view shows it. */
export interface OpenReferral {
  id: string;
  status: string;
  urgency: string;
  requestedService: string | null;
  receivedAt: Date;
  respondBy: Date;
  breachAt: Date;
  destinations: { service: string; teamCode: string; status: string; respondBy: string; firstContactAt: string | null }[];
}

/** Referrals as seen from one patient: who is involved through them, the patient view, and a death. */
/** The teams of the patient's (`$1`) open routed parts, and the SPoA while a referral awaits triage: the open-referral relationship. */
export const OPEN_REFERRAL_TEAMS = `SELECT d.team_code FROM referral_destinations d JOIN referrals r ON r.id = d.referral_id
  WHERE r.patient_id = $1 AND r.status IN ('accepted', 'in_progress') AND d.status IN ${OPEN_DESTINATION_STATUSES_SQL}
  UNION
  SELECT r.spoa_team_code FROM referrals r WHERE r.patient_id = $1 AND r.status = 'awaiting_triage'`;

/** The patient's (`$1`) open referrals with their routed parts, newest first (at most 50): the single view's `openReferrals`. */
export const OPEN_REFERRALS_OF_PATIENT = `SELECT r.id, r.status, r.urgency, r.requested_service AS "requestedService", r.received_at AS "receivedAt",
    r.respond_by AS "respondBy", r.breach_at AS "breachAt",
    COALESCE((SELECT json_agg(json_build_object('service', d.service, 'teamCode', d.team_code, 'status', d.status,
      'respondBy', d.respond_by, 'firstContactAt', d.first_contact_at) ORDER BY d.position)
      FROM referral_destinations d WHERE d.referral_id = r.id), '[]'::json) AS destinations
  FROM referrals r WHERE r.patient_id = $1 AND r.status IN ${OPEN_REFERRAL_STATUSES_SQL}
  ORDER BY r.received_at DESC LIMIT 50`;

@Injectable()
export class PatientReferralsRepository {

  /** A death completes every open routed part with outcome `died`, and the open referrals with it. Answers the counts. */
  async closeOnDeath(em: EntityManager, patientId: string, diedAt: Date): Promise<{ parts: number; referrals: number }> {
    const [, parts]: [unknown, number] = await em.query(
      `UPDATE referral_destinations d SET status = 'completed', outcome = 'died', completed_at = GREATEST($2::timestamptz, d.created_at), updated_at = now()
       FROM referrals r WHERE r.id = d.referral_id AND r.patient_id = $1 AND d.status IN ${OPEN_DESTINATION_STATUSES_SQL}`,
      [patientId, diedAt],
    );
    const [, referrals]: [unknown, number] = await em.query(
      `UPDATE referrals SET status = 'completed', closed_at = GREATEST($2::timestamptz, received_at), closed_reason = 'died', version = version + 1, updated_at = now()
       WHERE patient_id = $1 AND status IN ${OPEN_REFERRAL_STATUSES_SQL}`,
      [patientId, diedAt],
    );
    return { parts, referrals };
  }
}
