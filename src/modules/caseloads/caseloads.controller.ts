import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { Consumes } from '../../common/http/body.interceptor';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT, PageQuery } from '../../common/pagination';
import { NhsNumberPipe } from '../../common/validation/nhs-number.pipe';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { ODS_PATTERN } from '../organisations/dto/organisation.dto';
import { CaseloadsService } from './caseloads.service';
import {
  CaseloadQuery,
  CreateEpisodeDto,
  ImportCsvQuery,
  ImportRiskScoresDto,
  RiskAssessmentDto,
  TransitionEpisodeDto,
  WhoNextQuery,
} from './dto/caseload.dto';
import { type EpisodeChanged, EpisodesService } from './episodes.service';
import { RiskScoresService } from './risk-scores.service';
import { ValidationFailed } from '../../common/errors/domain-error';

const validation = createValidationPipe();
/** The same validation as every other body, for a route that takes JSON or CSV. */
function validated<T>(cls: new () => T, value: unknown, type: 'body' | 'query'): Promise<T> {
  return validation.transform(value ?? {}, { type, metatype: cls }) as Promise<T>;
}

@ApiTags('risk stratification')
@ApiBearerAuth()
@Controller()
export class RiskScoresController {
  constructor(private readonly risk: RiskScoresService) {}

  /**
   * Import a practice's risk stratification output: JSON { practiceOds, model, computedAt, rows }
   * or text/csv with a header row (nhs_number, score, any factor columns) and practiceOds, model,
   * computedAt in the query string, streamed from the request (the body parser leaves it alone:
   * STREAMED_CSV_ROUTES). 201 with the counts; re-sending the same import answers 200 with the
   * first answer and changes nothing.
   */
  @Post('risk-scores/imports')
  @Consumes('text/csv')
  @Authorize(Permission.RiskImport)
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: ImportRiskScoresDto })
  @ApiQuery({ name: 'practiceOds', required: false, description: 'text/csv only' })
  @ApiQuery({ name: 'model', required: false, description: 'text/csv only' })
  @ApiQuery({ name: 'computedAt', required: false, description: 'text/csv only' })
  async import(@Ctx() ctx: RequestContext, @Body() body: unknown, @Query() query: Record<string, unknown>, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    let result: Awaited<ReturnType<RiskScoresService['importJson']>>;
    if (req.is('text/csv')) {
      const upload = { body: req, contentType: req.headers['content-type'], contentEncoding: req.headers['content-encoding'] };
      result = await this.risk.importCsv(ctx, await validated(ImportCsvQuery, query, 'query'), upload);
    } else {
      if (Object.keys(query).length) throw new ValidationFailed('A JSON import carries everything in its body', [{ field: 'query', message: 'is not accepted with JSON' }]);
      const dto = await validated(ImportRiskScoresDto, body, 'body');
      result = await this.risk.importJson(ctx, dto, dto.rows);
    }
    res.status(result.replayed ? 200 : 201);
    setLocation(res, `/risk-scores/imports/${result.importId}`);
    return result;
  }

  @Get('risk-scores/imports/:id')
  @Authorize(Permission.RiskImport)
  getImport(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.risk.getImport(ctx, id);
  }

  /** Score the patient with the built-in transparent points model; the answer lists every factor's points. */
  @Post('patients/:nhsNumber/risk-assessments')
  @Idempotent()
  @Authorize(Permission.RiskAssess)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async assess(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Body() dto: RiskAssessmentDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.risk.assess(ctx, nhsNumber, dto);
    setLocation(res, `/patients/${nhsNumber}/risk-scores`);
    return result;
  }

  /** Every score kept for the patient, newest run first: who was high risk when. */
  @Get('patients/:nhsNumber/risk-scores')
  @Authorize(Permission.RiskAssess, Permission.CaseloadRead)
  history(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Query() q: PageQuery) {
    return this.risk.history(ctx, nhsNumber, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }
}

@ApiTags('pro-active care')
@ApiBearerAuth()
@Controller()
export class CaseloadsController {
  constructor(
    private readonly caseloads: CaseloadsService,
    private readonly episodes: EpisodesService,
  ) {}

  /** The practice's patients ranked by latest risk: score descending, then NHS number. */
  @Get('caseloads/:practiceOds')
  @Authorize(Permission.CaseloadRead)
  caseload(@Ctx() ctx: RequestContext, @Param('practiceOds') practiceOds: string, @Query() q: CaseloadQuery) {
    if (!ODS_PATTERN.test(practiceOds)) throw new ValidationFailed('Not an ODS code', [{ field: 'practiceOds', message: 'must be an ODS code' }]);
    return this.caseloads.caseload(ctx, practiceOds, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  /** Who to invite next: highest risk first, skipping open episodes, recent completions and recent declines. */
  @Get('proactive-care/next')
  @Authorize(Permission.CaseloadRead)
  next(@Ctx() ctx: RequestContext, @Query() q: WhoNextQuery) {
    return this.caseloads.whoNext(ctx, q.practice, q.limit ?? 20);
  }

  @Post('proactive-care/episodes')
  @Idempotent()
  @Authorize(Permission.EpisodeWork)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateEpisodeDto, @Res({ passthrough: true }) res: Response) {
    const changed = await this.episodes.create(ctx, dto);
    setLocation(res, `/proactive-care/episodes/${changed.view.id}`);
    return send(res, changed);
  }

  @Post('proactive-care/episodes/:id/transition')
  @HttpCode(200)
  @Authorize(Permission.EpisodeWork)
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag you read; 412 when the episode changed since' })
  async transition(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TransitionEpisodeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.episodes.transition(ctx, id, dto, ifMatch));
  }

  @Get('proactive-care/episodes/:id')
  @Authorize(Permission.EpisodeWork, Permission.CaseloadRead)
  async get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.episodes.get(ctx, id));
  }
}

function send(res: Response, changed: EpisodeChanged) {
  res.setHeader('ETag', changed.etag);
  return changed.view;
}
