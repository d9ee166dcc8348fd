import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';
import { isBreached } from './domain/response-clock';

export const OPEN_REFERRAL = 'open_referral';

/**
 * An open referral gives its receiving teams a legitimate relationship with the patient: the team
 * of every open routed part, and the SPoA while the referral awaits triage. It ends when the
 * part (or the referral) closes.
 */
export const openReferralRelationship: RelationshipProvider = {
  name: OPEN_REFERRAL,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team_code: string }[] = await em.query(
      `SELECT d.team_code FROM referral_destinations d JOIN referrals r ON r.id = d.referral_id
       WHERE r.patient_id = $1 AND r.status IN ('accepted', 'in_progress') AND d.status IN ('awaiting_acceptance', 'accepted', 'in_progress')
       UNION
       SELECT r.spoa_team_code FROM referrals r WHERE r.patient_id = $1 AND r.status = 'awaiting_triage'`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.team_code, relationship: OPEN_REFERRAL }));
  },
};

/** The single patient view's `openReferrals`: newest first. */
export function openReferralsSection(now: () => Date): PatientViewContributor {
  return async (em, patient) => {
    const rows: {
      id: string;
      status: string;
      urgency: string;
      requested_service: string | null;
      received_at: Date;
      respond_by: Date;
      breach_at: Date;
      destinations: { service: string; teamCode: string; status: string; respondBy: string; firstContactAt: string | null }[];
    }[] = await em.query(
      `SELECT r.id, r.status, r.urgency, r.requested_service, r.received_at, r.respond_by, r.breach_at,
         COALESCE((SELECT json_agg(json_build_object('service', d.service, 'teamCode', d.team_code, 'status', d.status,
           'respondBy', d.respond_by, 'firstContactAt', d.first_contact_at) ORDER BY d.position)
           FROM referral_destinations d WHERE d.referral_id = r.id), '[]'::json) AS destinations
       FROM referrals r WHERE r.patient_id = $1 AND r.status IN ('awaiting_triage', 'accepted', 'in_progress')
       ORDER BY r.received_at DESC LIMIT 50`,
      [patient.id],
    );
    const at = now();
    return {
      openReferrals: rows.map((r) => ({
        id: r.id,
        status: r.status,
        urgency: r.urgency,
        requestedService: r.requested_service,
        receivedAt: r.received_at.toISOString(),
        respondBy: r.respond_by.toISOString(),
        breached: isBreached(r.breach_at, at),
        destinations: r.destinations.map((d) => ({
          ...d,
          respondBy: new Date(d.respondBy).toISOString(),
          firstContactAt: d.firstContactAt ? new Date(d.firstContactAt).toISOString() : null,
        })),
      })),
    };
  };
}
