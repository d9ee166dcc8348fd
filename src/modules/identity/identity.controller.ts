import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { TraceService } from './trace.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients/untraced')
export class IdentityController {
  constructor(private readonly traces: TraceService) {}

  /**
   * Trace a patient taken without an NHS number against PDS now (the background trace does the
   * same on its own): `attached`, `duplicate` (a merge task is raised), `no_match`/`ambiguous`
   * (the trace task lists the candidates) or `unavailable` (retried later).
   */
  @Post(':patientId/trace')
  @HttpCode(200)
  @Authorize(Permission.PatientTrace)
  trace(@Ctx() ctx: RequestContext, @Param('patientId', new ParseUUIDPipe()) patientId: string) {
    return this.traces.traceNow(ctx, patientId);
  }
}
