import { type SectionRow, iso, viewSection } from '../patients/patient-view.registry';
import { OPEN_REFERRALS_OF_PATIENT } from './patient-referrals.repository';
import { OPEN_REFERRAL_TEAMS } from './patient-referrals.repository';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import { isBreached } from './domain/response-clock';

export const OPEN_REFERRAL = 'open_referral';

/**
 * An open referral gives its receiving teams a legitimate relationship with the patient: the team
 * of every open routed part, and the SPoA while the referral awaits triage. It ends when the
 * part (or the referral) closes.
 */
export const openReferralRelationship: RelationshipProvider = teamsRelationship(OPEN_REFERRAL, OPEN_REFERRAL_TEAMS);

/** The single patient view's `openReferrals`: newest first. */
export function openReferralsSection(now: () => Date) {
  return viewSection({ referrals: OPEN_REFERRALS_OF_PATIENT }, ({ referrals }) => {
    const at = now();
    return {
      openReferrals: referrals.map((r) => ({
        id: r.id,
        status: r.status,
        urgency: r.urgency,
        requestedService: r.requestedService,
        receivedAt: iso(r.receivedAt),
        respondBy: iso(r.respondBy),
        breached: isBreached(new Date(r.breachAt), at),
        destinations: (r.destinations as SectionRow[]).map((d) => ({
          ...d,
          respondBy: iso(d.respondBy),
          firstContactAt: iso(d.firstContactAt),
        })),
      })),
    };
  });
}
