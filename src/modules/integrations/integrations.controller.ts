import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { Hl7MessageViewDto, InReachClocksQuery, ListHl7MessagesQuery } from './dto/integrations.dto';
import { Hl7MessagesService } from './hl7/hl7-messages.service';
import { InReachService } from './inreach/in-reach.service';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly messages: Hl7MessagesService,
    private readonly inReach: InReachService,
  ) {}

  /** The HL7 message log, newest first; `status=failed` is the dead-letter list. Never the message content. */
  @Get('hl7/messages')
  @Authorize(Permission.IntegrationManage)
  list(@Query() q: ListHl7MessagesQuery) {
    return this.messages.list({ ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  /** Apply a failed (or waiting) message again from its stored text. */
  @Post('hl7/messages/:id/replay')
  @HttpCode(200)
  @Authorize(Permission.IntegrationManage)
  @ApiOkResponse({ type: Hl7MessageViewDto })
  replay(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.messages.replay(ctx, id);
  }

  /** Per sending facility: last message, failed and waiting backlog, messages applied in 24 h. */
  @Get('hl7/feeds')
  @Authorize(Permission.IntegrationFeedRead)
  async feeds() {
    return { items: await this.messages.feedState() };
  }

  /** Open A&E in-reach clocks of your teams (nearest first). */
  @Get('ae-attendances')
  @Authorize(Permission.InReachWork)
  async clocks(@Ctx() ctx: RequestContext, @Query() q: InReachClocksQuery) {
    if (q.team && !ctx.principal.teams.includes(q.team)) throw new Forbidden('You are not a member of this team');
    return { items: await this.inReach.openClocks(ctx, q.team ? [q.team] : ctx.principal.teams) };
  }

  /** A team saw the patient in A&E: the in-reach clock stops. */
  @Post('ae-attendances/:id/seen')
  @HttpCode(200)
  @Authorize(Permission.InReachWork)
  seen(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.inReach.seen(ctx, id);
  }
}
