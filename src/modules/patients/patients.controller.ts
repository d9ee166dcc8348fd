import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PatientMerged } from '../../common/access/access-errors';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { NhsNumberPipe } from '../../common/validation/nhs-number.pipe';
import { SearchPatientsQuery, UpsertPatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Break-glass reason (audited, alerts the practice team)' })
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  /** Find a patient by NHS number, or family name + date of birth. */
  @Get()
  @Authorize(Permission.PatientSearch)
  search(@Ctx() ctx: RequestContext, @Query() q: SearchPatientsQuery) {
    return this.patients.search(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  /** Create (201) or update (200) a patient's demographics. */
  @Put(':nhsNumber')
  @Authorize(Permission.PatientWrite)
  async upsert(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Body() dto: UpsertPatientDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, etag, view } = await this.patients.upsert(ctx, nhsNumber, dto, ifMatch);
    res.status(created ? 201 : 200).setHeader('ETag', etag);
    if (created) setLocation(res, `/patients/${nhsNumber}`);
    return view;
  }

  /** Demographics plus the single view (careCoordinator, knownTo and each capability's section). */
  @Get(':nhsNumber')
  @Authorize(Permission.PatientRead)
  async get(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Res({ passthrough: true }) res: Response) {
    try {
      const { etag, view } = await this.patients.get(ctx, nhsNumber);
      res.setHeader('ETag', etag);
      return view;
    } catch (e) {
      // A merged record answers where the patient is now, rather than a silent 404.
      if (!(e instanceof PatientMerged) || !e.mergedInto) throw e;
      res.status(301).setHeader('Location', `/api/v1/patients/${e.mergedInto}`);
      return { code: e.code, mergedInto: e.mergedInto };
    }
  }
}
