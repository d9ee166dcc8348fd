import { Conflict, DomainError, NotFound } from '../../common/errors/domain-error';

export class EpisodeNotFound extends NotFound {
  constructor() {
    super('EPISODE_NOT_FOUND', 'Episode not found', 'No Pro-Active Care episode with this id that you can see');
  }
}

export class ImportNotFound extends NotFound {
  constructor() {
    super('RISK_IMPORT_NOT_FOUND', 'Risk score import not found', 'No risk score import with this id that you can see');
  }
}

export class PracticeNotFound extends NotFound {
  constructor() {
    super('PRACTICE_NOT_FOUND', 'GP practice not found', 'No GP practice with this ODS code');
  }
}

/** The team already holds its configured number of concurrent active episodes; nothing changed. */
export class CaseloadFull extends DomainError {
  readonly code = 'CASELOAD_FULL';
  readonly kind = 'conflict';
  readonly title = "The team's Pro-Active Care caseload is full";
}

export class EpisodeAlreadyOpen extends Conflict {
  constructor() {
    super('EPISODE_ALREADY_OPEN', 'The patient already has an open Pro-Active Care episode', 'Complete, withdraw or decline the open episode first');
  }
}

/** An episode change not allowed in its current state; nothing changed. */
export class EpisodeInvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  readonly kind = 'conflict';
  readonly title = 'This change is not allowed in the current state';
}
