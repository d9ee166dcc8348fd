import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { DEFAULT_LIMIT, PageQuery } from '../../common/pagination';
import { NhsNumberPipe } from '../../common/validation/nhs-number.pipe';
import { CarePlansService } from './care-plans.service';
import { FHIR_JSON } from './domain/fhir';
import { AgreementDto, ConsentDto, SaveCarePlanDto } from './dto/care-plan.dto';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag you read; required once a plan exists (428 without, 412 when stale)' };

@ApiTags('care-plans')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Break-glass reason (audited, alerts the practice team)' })
@Controller('patients/:nhsNumber')
export class CarePlansController {
  constructor(private readonly plans: CarePlansService) {}

  /** The current version (ETag = version), or a FHIR R4 CarePlan with `Accept: application/fhir+json`. */
  @Get('care-plan')
  @Authorize(Permission.CarePlanRead)
  @ApiProduces('application/json', FHIR_JSON)
  @ApiOkResponse({ description: 'The current plan version' })
  async get(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (accept?.toLowerCase().includes(FHIR_JSON)) {
      const { etag, resource } = await this.plans.getFhir(ctx, nhsNumber);
      res.setHeader('ETag', etag).type(FHIR_JSON);
      return resource;
    }
    const { etag, view } = await this.plans.get(ctx, nhsNumber);
    res.setHeader('ETag', etag);
    return view;
  }

  /** Save a new immutable version: 201 for the first, 200 after (If-Match required then). */
  @Put('care-plan')
  @Authorize(Permission.CarePlanWrite)
  @ApiHeader(IF_MATCH)
  async save(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Body() dto: SaveCarePlanDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, etag, view } = await this.plans.save(ctx, nhsNumber, dto, ifMatch);
    res.status(created ? 201 : 200).setHeader('ETag', etag);
    if (created) setLocation(res, `/patients/${nhsNumber}/care-plan`);
    return view;
  }

  /** Record that someone agreed the current version; agreed once the GP and the patient side have. */
  @Post('care-plan/agreements')
  @HttpCode(200)
  @Authorize(Permission.CarePlanWrite)
  @ApiHeader({ ...IF_MATCH, description: 'Optional: the version you agree to (412 when it is no longer current)' })
  async agree(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Body() dto: AgreementDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { etag, view } = await this.plans.agree(ctx, nhsNumber, dto, ifMatch);
    res.setHeader('ETag', etag);
    return view;
  }

  /** Version history, newest first. */
  @Get('care-plan/versions')
  @Authorize(Permission.CarePlanRead)
  versions(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Query() q: PageQuery) {
    return this.plans.versions(ctx, nhsNumber, { limit: q.limit ?? DEFAULT_LIMIT, cursor: q.cursor });
  }

  /** One version as saved. */
  @Get('care-plan/versions/:version')
  @Authorize(Permission.CarePlanRead)
  async version(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Param('version', ParseIntPipe) version: number,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { etag, view } = await this.plans.version(ctx, nhsNumber, version);
    res.setHeader('ETag', etag);
    return view;
  }

  /** Record the patient's decision about sharing the care plan (201 the first time, 200 after). */
  @Put('consent')
  @Authorize(Permission.CarePlanWrite)
  async recordConsent(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Body() dto: ConsentDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, view } = await this.plans.recordConsent(ctx, nhsNumber, dto);
    res.status(created ? 201 : 200);
    if (created) setLocation(res, `/patients/${nhsNumber}/consent`);
    return view;
  }

  /** The current sharing decision and its history. */
  @Get('consent')
  @Authorize(Permission.CarePlanRead)
  consent(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string) {
    return this.plans.consent(ctx, nhsNumber);
  }
}
