import { InvalidTransition, defineErrors } from '../../common/errors/domain-error';

export const REFERRAL_ERRORS = defineErrors('referrals', {
  REFERRAL_NOT_FOUND: {
    kind: 'not_found',
    title: 'Referral not found',
    detail: 'No referral with this id that you can see',
    description:
      'No referral with this id, **or** the caller may not see it (not the referring organisation, and no legitimate relationship with the patient); existence is not leaked.',
  },
  NO_TEAM_FOR_SERVICE: {
    kind: 'validation',
    title: 'No team can take this service for this patient',
    description:
      'Triage routing found no team of the requested service covering the patient (or nothing open, not even a 24/7 single point of access, to hold it). Name a `teamCode`. `errors[]` points at the destination.',
  },
  NO_SPOA_TEAM: {
    kind: 'conflict',
    title: 'No single point of access team is configured',
    description: 'A referral cannot be taken: no `single_point_of_access` team is configured to triage it.',
  },
});

export class ReferralNotFound extends REFERRAL_ERRORS.error('REFERRAL_NOT_FOUND') {}

/** An action the referral (or routed part) cannot take in its current state (INVALID_TRANSITION, shared); nothing changed. */
export { InvalidTransition };

/** Routing found no team of the service covering the patient (or nothing open to hold it). */
export class NoTeamForService extends REFERRAL_ERRORS.error('NO_TEAM_FOR_SERVICE') {}

/** No single point of access team exists to triage the referral. */
export class NoSpoaTeam extends REFERRAL_ERRORS.error('NO_SPOA_TEAM') {}
