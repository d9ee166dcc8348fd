import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { CreateOrganisationDto, ListOrganisationsQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Idempotent()
  @Authorize(Permission.OrganisationWrite)
  async create(@Body() dto: CreateOrganisationDto, @Res({ passthrough: true }) res: Response) {
    const created = await this.organisations.create(dto);
    setLocation(res, `/organisations/${created.odsCode}`);
    return created;
  }

  /** Ordered by ODS code. */
  @Get()
  @Authorize(Permission.OrganisationRead)
  list(@Query() q: ListOrganisationsQuery) {
    return this.organisations.list({ ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Get(':odsCode')
  @Authorize(Permission.OrganisationRead)
  get(@Param('odsCode') ods: string) {
    return this.organisations.get(ods.toUpperCase());
  }

  @Patch(':odsCode')
  @Authorize(Permission.OrganisationWrite)
  update(@Param('odsCode') ods: string, @Body() dto: UpdateOrganisationDto) {
    return this.organisations.update(ods.toUpperCase(), dto);
  }
}
