import { DomainError, NotFound } from '../../common/errors/domain-error';

export class ReferralNotFound extends NotFound {
  constructor() {
    super('REFERRAL_NOT_FOUND', 'Referral not found', 'No referral with this id that you can see');
  }
}

/** An action the referral (or routed part) cannot take in its current state; nothing changed. */
export class InvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  readonly kind = 'conflict';
  readonly title = 'This change is not allowed in the current state';
}

/** Routing found no team of the service covering the patient (or nothing open to hold it). */
export class NoTeamForService extends DomainError {
  readonly code = 'NO_TEAM_FOR_SERVICE';
  readonly kind = 'validation';
  readonly title = 'No team can take this service for this patient';
}

/** No single point of access team exists to triage the referral. */
export class NoSpoaTeam extends DomainError {
  readonly code = 'NO_SPOA_TEAM';
  readonly kind = 'conflict';
  readonly title = 'No single point of access team is configured';
}
