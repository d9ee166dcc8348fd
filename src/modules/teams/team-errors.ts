import { defineErrors } from '../../common/errors/domain-error';

export const TEAM_ERRORS = defineErrors('teams', {
  TEAM_NOT_FOUND: { kind: 'not_found', title: 'Team not found', description: 'No team with this code.' },
  TEAM_EXISTS: { kind: 'conflict', title: 'Team already exists', description: 'Creating a team whose code is taken.' },
});

export class TeamExists extends TEAM_ERRORS.error('TEAM_EXISTS') {}

export class TeamNotFound extends TEAM_ERRORS.error('TEAM_NOT_FOUND') {
  constructor(code: string) {
    super(`No team with code ${code}`);
  }
}
