import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT } from '../../common/pagination';
import {
  AcceptReferralDto,
  CancelReferralDto,
  CompleteReferralDto,
  CreateReferralDto,
  FirstContactDto,
  ListReferralsQuery,
  ReassignReferralDto,
  TriageDto,
} from './dto/referral.dto';
import { ReferralPage, ReferralView } from './dto/referral.view';
import { Changed, ReferralsService } from './referrals.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag you read; 412 when the referral changed since' };

function send(res: Response, changed: Changed): ReferralView {
  res.setHeader('ETag', changed.etag);
  return changed.view;
}

@ApiTags('referrals')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Break-glass reason (audited, alerts the practice team)' })
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  /** Take a referral (Idempotency-Key honoured). Answers 201 with status awaiting_triage and respondBy. */
  @Post()
  @Idempotent()
  @Authorize(Permission.ReferralCreate)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ReferralView })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateReferralDto, @Res({ passthrough: true }) res: Response) {
    const changed = await this.referrals.create(ctx, dto);
    setLocation(res, `/referrals/${changed.view.id}`);
    return send(res, changed);
  }

  /** The triage queue / team worklist: breached first, then respondBy ascending, then id. */
  @Get()
  @Authorize(Permission.ReferralRead)
  @ApiOkResponse({ type: ReferralPage })
  list(@Ctx() ctx: RequestContext, @Query() q: ListReferralsQuery) {
    return this.referrals.list(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  /** The referral with its routed parts (destinations) and full history. */
  @Get(':id')
  @Authorize(Permission.ReferralRead)
  @ApiOkResponse({ type: ReferralView })
  async get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.referrals.get(ctx, id));
  }

  /** Accept and route to one or more services, return to the referrer, or decline. */
  @Post(':id/triage')
  @HttpCode(200)
  @Authorize(Permission.ReferralTriage)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralView })
  async triage(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TriageDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.referrals.act(ctx, id, 'triage', dto, ifMatch));
  }

  /** The receiving team takes its routed part. */
  @Post(':id/accept')
  @HttpCode(200)
  @Authorize(Permission.ReferralWork)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralView })
  async accept(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AcceptReferralDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.referrals.act(ctx, id, 'accept', dto ?? {}, ifMatch));
  }

  /** First contact with the patient: stops the part's response clock. */
  @Post(':id/first-contact')
  @HttpCode(200)
  @Authorize(Permission.ReferralWork)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralView })
  async firstContact(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: FirstContactDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.referrals.act(ctx, id, 'first_contact', dto ?? {}, ifMatch));
  }

  /** Close the team's part with an outcome; the referral completes when every part has. */
  @Post(':id/complete')
  @HttpCode(200)
  @Authorize(Permission.ReferralWork)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralView })
  async complete(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CompleteReferralDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.referrals.act(ctx, id, 'complete', dto, ifMatch));
  }

  /** Move a part (not yet contacted) to another team of the same service, with a reason. */
  @Post(':id/reassign')
  @HttpCode(200)
  @Authorize(Permission.ReferralWork, Permission.ReferralTriage)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralView })
  async reassign(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReassignReferralDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.referrals.act(ctx, id, 'reassign', dto, ifMatch));
  }

  /** The referrer (or the SPoA) withdraws an open referral. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Authorize(Permission.ReferralCancel)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralView })
  async cancel(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CancelReferralDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.referrals.act(ctx, id, 'cancel', dto, ifMatch));
  }
}
