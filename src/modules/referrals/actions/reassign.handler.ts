import { Injectable } from '@nestjs/common';
import { Permission } from '../../../common/auth/permissions';
import type { RequestContext } from '../../../common/auth/principal';
import { ValidationFailed } from '../../../common/errors/domain-error';
import { TeamsRepository } from '../../teams/teams.repository';
import type { DestinationStatus } from '../domain/referral-state';
import type { ReassignReferralDto } from '../dto/referral.dto';
import { type PartRow, ReferralDestinationsRepository } from '../referral-destinations.repository';
import { PartActionFlow, PartActionHandler } from './part-action-flow';
import type { ActionInput, PartChange } from './referral-action';
import { checkTeamServes } from './team-serves';

/** Moves a part not yet contacted to another team of the same service, with a reason (the SPoA may move any team's). */
@Injectable()
export class ReassignHandler extends PartActionHandler<ReassignReferralDto> {
  readonly name = 'reassign';
  readonly event = 'reassign';
  readonly past = 'reassigned';
  readonly verb = 'reassign';

  constructor(
    flow: PartActionFlow,
    private readonly destinations: ReferralDestinationsRepository,
    private readonly teams: TeamsRepository,
  ) {
    super(flow);
  }

  anyTeam(ctx: RequestContext): boolean {
    return ctx.principal.permissions.has(Permission.ReferralTriage);
  }

  async change({ em, dto }: ActionInput<ReassignReferralDto>, part: PartRow, next: DestinationStatus): Promise<PartChange> {
    await checkTeamServes(this.teams, em, dto.teamCode, part.service, 'teamCode');
    if (dto.teamCode === part.team_code) throw new ValidationFailed('The part is already with this team', [{ field: 'teamCode', message: 'is already the receiving team' }]);
    const reason = dto.reason.trim();
    await this.destinations.reassign(em, part.id, dto.teamCode, next, reason);
    return {
      updated: { status: next, team_code: dto.teamCode },
      event: { from: part.team_code, to: dto.teamCode, teamCode: dto.teamCode, reason, detail: { service: part.service, status: next } },
    };
  }
}
