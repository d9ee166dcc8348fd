import { RESIDENT_SUPPORT_TEAMS } from './care-homes.repository';
import { Body, Controller, Get, Injectable, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { suppressCount } from '../../common/disclosure/small-numbers';
import { ValidationFailed } from '../../common/errors/domain-error';
import { AdmissionsForResidencesRepository } from '../admissions/for-residences.repository';
import { ODS_PATTERN } from '../organisations/dto/organisation.dto';
import { CareHomesRepository } from './care-homes.repository';
import { CareHomeNotFound } from './residence-errors';

export const CARE_HOME_RESIDENT = 'care_home_resident';

/**
 * A resident of a care home (current residence period there) is known to the home's care-home
 * support team: the team is alerted when the resident is admitted and may read their record.
 */
export const careHomeResidentRelationship: RelationshipProvider = teamsRelationship(CARE_HOME_RESIDENT, RESIDENT_SUPPORT_TEAMS);

export class CareHomeProfileDto {
  @ApiProperty({ example: 42, description: 'Registered beds' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  beds: number;

  @ApiPropertyOptional({ example: 'SKC-CHS-DD', description: 'The care-home support team alerted when a resident is admitted' })
  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,32}$/, { message: 'must be a team code' })
  supportTeamCode?: string;
}

/** Care homes: bed counts, residents (from the residence history) and hospital admissions per bed per year. */
@Injectable()
export class CareHomesService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly careHomes: CareHomesRepository,
    private readonly admissions: AdmissionsForResidencesRepository,
  ) {}

  async put(ctx: RequestContext, ods: string, dto: CareHomeProfileDto) {
    return this.db.transaction(async (em) => {
      if ((await this.careHomes.organisationType(em, ods)) !== 'care_home') throw new CareHomeNotFound();
      if (dto.supportTeamCode && !(await this.careHomes.teamExists(em, dto.supportTeamCode))) {
        throw new ValidationFailed('The care home is not valid', [{ field: 'supportTeamCode', message: 'is not a known team' }]);
      }
      await this.careHomes.upsertProfile(em, { ods, beds: dto.beds, supportTeamCode: dto.supportTeamCode ?? null, by: ctx.principal.sub });
      return this.summary(em, ods, this.clock.now());
    });
  }

  get(ods: string, now = this.clock.now()) {
    return this.db.transaction((em) => this.summary(em, ods, now));
  }

  /**
   * Aggregates only (small numbers suppressed): residents now, and hospital admissions in the last
   * 365 days of people living in the home on the day they were admitted, per registered bed.
   */
  private async summary(em: EntityManager, ods: string, now: Date) {
    const r = await this.careHomes.figures(em, ods, now);
    if (r?.type !== 'care_home') throw new CareHomeNotFound();
    const admitted = r.periods.length ? await this.admissions.admittedDuring(em, r.periods, now) : 0;
    const admissions = suppressCount(admitted);
    return {
      odsCode: ods,
      name: r.name,
      beds: r.beds,
      supportTeamCode: r.supportTeamCode,
      residents: suppressCount(r.residents),
      admissionsLast365Days: admissions,
      admissionsPerBedPerYear: r.beds && typeof admissions === 'number' ? Math.round((admitted / r.beds) * 1000) / 1000 : null,
    };
  }
}

@ApiTags('care homes')
@ApiBearerAuth()
@Controller('care-homes')
export class CareHomesController {
  constructor(private readonly careHomes: CareHomesService) {}

  /** Registered beds and support team of a care home (an organisation of type care_home). */
  @Put(':odsCode')
  @Authorize(Permission.OrganisationWrite)
  put(@Ctx() ctx: RequestContext, @Param('odsCode') ods: string, @Body() dto: CareHomeProfileDto) {
    if (!ODS_PATTERN.test(ods)) throw new ValidationFailed('Not an ODS code', [{ field: 'odsCode', message: 'must be an ODS code' }]);
    return this.careHomes.put(ctx, ods, dto);
  }

  /** Beds, residents and hospital admissions per bed over the last year (aggregate, small numbers suppressed). */
  @Get(':odsCode')
  @Authorize(Permission.OrganisationRead)
  get(@Param('odsCode') ods: string) {
    if (!ODS_PATTERN.test(ods)) throw new ValidationFailed('Not an ODS code', [{ field: 'odsCode', message: 'must be an ODS code' }]);
    return this.careHomes.get(ods);
  }
}
