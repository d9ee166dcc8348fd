import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { AdmissionsService } from './admissions.service';
import {
  AdmissionView,
  CreateAdmissionDto,
  DelayDto,
  DischargeDto,
  EstimatedDischargeDto,
  ListAdmissionsQuery,
  MedicallyOptimisedDto,
} from './dto/admission.dto';

@ApiTags('admissions')
@ApiBearerAuth()
@Controller('admissions')
export class AdmissionsController {
  constructor(private readonly admissions: AdmissionsService) {}

  /**
   * Flag an admission. Answers 201 with knownTo, alertsRaised and readmission; posting the same
   * admission again (nhsNumber, hospitalOds, admittedAt) answers 200 with the first one and raises nothing.
   */
  @Post()
  @Idempotent()
  @Authorize(Permission.AdmissionWrite)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: AdmissionView })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateAdmissionDto, @Res({ passthrough: true }) res: Response) {
    const { view, created } = await this.admissions.create(ctx, dto);
    setLocation(res, `/admissions/${view.id}`);
    res.status(created ? 201 : 200);
    return view;
  }

  /** Filtered list; medicallyOptimised=true is the medically-optimised list, longest waiting first. */
  @Get()
  @Authorize(Permission.AdmissionRead)
  list(@Ctx() ctx: RequestContext, @Query() q: ListAdmissionsQuery) {
    return this.admissions.list(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Get(':id')
  @Authorize(Permission.AdmissionRead)
  @ApiOkResponse({ type: AdmissionView })
  get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.admissions.get(ctx, id);
  }

  @Post(':id/estimated-discharge')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: AdmissionView })
  estimatedDischarge(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: EstimatedDischargeDto) {
    return this.admissions.estimatedDischarge(ctx, id, dto);
  }

  @Post(':id/medically-optimised')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: AdmissionView })
  medicallyOptimised(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: MedicallyOptimisedDto) {
    return this.admissions.medicallyOptimised(ctx, id, dto);
  }

  @Post(':id/delay')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: AdmissionView })
  delay(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DelayDto) {
    return this.admissions.delay(ctx, id, dto);
  }

  @Post(':id/discharge')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: AdmissionView })
  discharge(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DischargeDto) {
    return this.admissions.discharge(ctx, id, dto);
  }
}
