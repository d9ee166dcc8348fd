import { ValidationFailed } from '../../../common/errors/domain-error';
import type { EntityManager } from 'typeorm';
import type { TeamsRepository } from '../../teams/teams.repository';
import { type ReferralService, SERVICE_TEAM_TYPE } from '../domain/catalogue';

/** A team named for a service must exist and be of the type that provides it (400 on `field` otherwise). */
export async function checkTeamServes(teams: TeamsRepository, em: EntityManager, teamCode: string, service: string, field: string): Promise<void> {
  const team = await teams.kind(em, teamCode);
  const wanted = SERVICE_TEAM_TYPE[service as ReferralService];
  if (!team) throw new ValidationFailed(`No team with code ${teamCode}`, [{ field, message: 'is not a known team' }]);
  if (team.type !== wanted) throw new ValidationFailed(`${teamCode} does not provide ${service}`, [{ field, message: `is a ${team.type} team, not ${wanted}` }]);
}
