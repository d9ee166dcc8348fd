import { defineErrors } from '../../common/errors/domain-error';

export const CASELOAD_ERRORS = defineErrors('caseloads', {
  EPISODE_NOT_FOUND: {
    kind: 'not_found',
    title: 'Episode not found',
    detail: 'No Pro-Active Care episode with this id that you can see',
    description: 'No Pro-Active Care episode with this id that you can see (no access to its patient looks the same).',
  },
  RISK_IMPORT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Risk score import not found',
    detail: 'No risk score import with this id that you can see',
    description: 'No risk score import with this id for a practice you work with.',
  },
  PRACTICE_NOT_FOUND: {
    kind: 'not_found',
    title: 'GP practice not found',
    detail: 'No GP practice with this ODS code',
    description: 'The ODS code of a risk import, caseload or who-next request is not a known GP practice.',
  },
  CASELOAD_FULL: {
    kind: 'conflict',
    title: "The team's Pro-Active Care caseload is full",
    description:
      "Activating a Pro-Active Care episode would take the care coordinator's team past its capacity of concurrent active episodes (`PROACTIVE_CARE_TEAM_CAPACITY`, per-team `PROACTIVE_CARE_TEAM_CAPACITY_OVERRIDES`). Nothing changed.",
  },
  EPISODE_ALREADY_OPEN: {
    kind: 'conflict',
    title: 'The patient already has an open Pro-Active Care episode',
    detail: 'Complete, withdraw or decline the open episode first',
    description: 'The patient already has an open Pro-Active Care episode (a database constraint: one per patient).',
  },
});

export class EpisodeNotFound extends CASELOAD_ERRORS.error('EPISODE_NOT_FOUND') {}
export class ImportNotFound extends CASELOAD_ERRORS.error('RISK_IMPORT_NOT_FOUND') {}
export class PracticeNotFound extends CASELOAD_ERRORS.error('PRACTICE_NOT_FOUND') {}

/** The team already holds its configured number of concurrent active episodes; nothing changed. */
export class CaseloadFull extends CASELOAD_ERRORS.error('CASELOAD_FULL') {}

export class EpisodeAlreadyOpen extends CASELOAD_ERRORS.error('EPISODE_ALREADY_OPEN') {}

/** An episode change not allowed in its current state (the shared INVALID_TRANSITION); nothing changed. */
export { InvalidTransition as EpisodeInvalidTransition } from '../../common/errors/domain-error';
