import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { NhsNumberPipe } from '../../common/validation/nhs-number.pipe';
import { AddInvolvementDto, TeamSubscriptionsDto } from './dto/involvement.dto';
import { InvolvementService } from './involvement.service';

@ApiTags('involvement')
@ApiBearerAuth()
@Controller()
export class InvolvementController {
  constructor(private readonly involvement: InvolvementService) {}

  /** Add a team as involved with the patient, with a reason and an end date. */
  @Post('patients/:nhsNumber/involvements')
  @Authorize(Permission.PatientWrite)
  async add(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Body() dto: AddInvolvementDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.involvement.add(ctx, nhsNumber, dto);
    setLocation(res, `/patients/${nhsNumber}/involvements/${view.id}`);
    return view;
  }

  @Get('patients/:nhsNumber/involvements')
  @Authorize(Permission.PatientRead)
  list(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string) {
    return this.involvement.list(ctx, nhsNumber);
  }

  /** End an explicit involvement now. */
  @Delete('patients/:nhsNumber/involvements/:id')
  @Authorize(Permission.PatientWrite)
  end(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.involvement.end(ctx, nhsNumber, id);
  }

  @Get('teams/:code/subscriptions')
  @Authorize(Permission.TeamRead)
  getSubscriptions(@Param('code') code: string) {
    return this.involvement.getSubscriptions(code.toUpperCase());
  }

  /** Opt a team in (or out) of alerts for every admission of patients of its aligned practices. */
  @Put('teams/:code/subscriptions')
  @Authorize(Permission.TeamSubscriptionWrite)
  setSubscriptions(@Ctx() ctx: RequestContext, @Param('code') code: string, @Body() dto: TeamSubscriptionsDto) {
    return this.involvement.setSubscriptions(ctx, code.toUpperCase(), dto);
  }
}
