import { OPEN_REFERRAL_TEAMS } from './patient-referrals.repository';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';
import { isBreached } from './domain/response-clock';
import type { PatientReferralsRepository } from './patient-referrals.repository';

export const OPEN_REFERRAL = 'open_referral';

/**
 * An open referral gives its receiving teams a legitimate relationship with the patient: the team
 * of every open routed part, and the SPoA while the referral awaits triage. It ends when the
 * part (or the referral) closes.
 */
export const openReferralRelationship: RelationshipProvider = teamsRelationship(OPEN_REFERRAL, OPEN_REFERRAL_TEAMS);

/** The single patient view's `openReferrals`: newest first. */
export function openReferralsSection(referrals: PatientReferralsRepository, now: () => Date): PatientViewContributor {
  return async (em, patient) => {
    const rows = await referrals.open(em, patient.id);
    const at = now();
    return {
      openReferrals: rows.map((r) => ({
        id: r.id,
        status: r.status,
        urgency: r.urgency,
        requestedService: r.requestedService,
        receivedAt: r.receivedAt.toISOString(),
        respondBy: r.respondBy.toISOString(),
        breached: isBreached(r.breachAt, at),
        destinations: r.destinations.map((d) => ({
          ...d,
          respondBy: new Date(d.respondBy).toISOString(),
          firstContactAt: d.firstContactAt ? new Date(d.firstContactAt).toISOString() : null,
        })),
      })),
    };
  };
}
