import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { CreateTeamDto, ListTeamsQuery, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @Idempotent()
  @Authorize(Permission.TeamWrite)
  async create(@Body() dto: CreateTeamDto, @Res({ passthrough: true }) res: Response) {
    const created = await this.teams.create(dto);
    setLocation(res, `/teams/${created.code}`);
    return created;
  }

  /** Ordered by team code. */
  @Get()
  @Authorize(Permission.TeamRead)
  list(@Query() q: ListTeamsQuery) {
    return this.teams.list({ ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Get(':code')
  @Authorize(Permission.TeamRead)
  get(@Param('code') code: string) {
    return this.teams.get(code.toUpperCase());
  }

  @Patch(':code')
  @Authorize(Permission.TeamWrite)
  update(@Param('code') code: string, @Body() dto: UpdateTeamDto) {
    return this.teams.update(code.toUpperCase(), dto);
  }
}
