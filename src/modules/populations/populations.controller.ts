import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Consumes } from '../../common/http/body.interceptor';
import { PopulationsService } from './populations.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('reference/populations')
export class PopulationsController {
  constructor(private readonly populations: PopulationsService) {}

  /**
   * Import mid-year population estimates (text/csv, header `year,area_type,area_code,age_from,age_to,persons`;
   * area_type practice|locality; age_to empty = "and over"). Bad rows are listed and skipped; a band
   * already loaded is replaced. Answers 200 `{ accepted, rejected: [{ row, message }], years }`.
   */
  @Post()
  @HttpCode(200)
  @Consumes('text/csv')
  @Authorize(Permission.OrganisationWrite)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'year,area_type,area_code,age_from,age_to,persons\n2026,practice,Z99001,0,17,1200\n' } })
  import(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    if (typeof body !== 'string') throw new ValidationFailed('Send the estimates as text/csv', [{ field: 'body', message: 'must be text/csv' }]);
    return this.populations.importCsv(ctx, body);
  }

  /** Which years and areas are loaded (aggregate). */
  @Get()
  @Authorize(Permission.OrganisationRead)
  summary() {
    return this.populations.summary();
  }
}
