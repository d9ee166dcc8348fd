import { Body, Controller, Get, Injectable, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { suppressCount } from '../../common/disclosure/small-numbers';
import { NotFound, ValidationFailed } from '../../common/errors/domain-error';
import { ODS_PATTERN } from '../organisations/dto/organisation.dto';

export const CARE_HOME_RESIDENT = 'care_home_resident';

/**
 * A resident of a care home (current residence period there) is known to the home's care-home
 * support team: the team is alerted when the resident is admitted and may read their record.
 */
export const careHomeResidentRelationship: RelationshipProvider = {
  name: CARE_HOME_RESIDENT,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team: string }[] = await em.query(
      `SELECT DISTINCT c.support_team_code AS team FROM patient_residences r JOIN care_home_profiles c ON c.ods_code = r.care_home_ods
       WHERE r.patient_id = $1 AND r.kind = 'care_home' AND r.to_date IS NULL AND c.support_team_code IS NOT NULL`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.team, relationship: CARE_HOME_RESIDENT }));
  },
};

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

class CareHomeNotFound extends NotFound {
  constructor() {
    super('CARE_HOME_NOT_FOUND', 'Care home not found', 'No organisation of type care_home with this ODS code');
  }
}

/** Care homes: bed counts, residents (from the residence history) and hospital admissions per bed per year. */
@Injectable()
export class CareHomesService {
  constructor(private readonly db: DataSource) {}

  async put(ctx: RequestContext, ods: string, dto: CareHomeProfileDto) {
    return this.db.transaction(async (em) => {
      await this.requireCareHome(em, ods);
      if (dto.supportTeamCode) {
        const [team]: { type: string }[] = await em.query('SELECT type FROM teams WHERE code = $1', [dto.supportTeamCode]);
        if (!team) throw new ValidationFailed('The care home is not valid', [{ field: 'supportTeamCode', message: 'is not a known team' }]);
      }
      await em.query(
        `INSERT INTO care_home_profiles (ods_code, beds, support_team_code, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ods_code) DO UPDATE SET beds = EXCLUDED.beds, support_team_code = EXCLUDED.support_team_code, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [ods, dto.beds, dto.supportTeamCode ?? null, ctx.principal.sub],
      );
      return this.summary(em, ods, new Date());
    });
  }

  get(ods: string, now = new Date()) {
    return this.db.transaction(async (em) => {
      await this.requireCareHome(em, ods);
      return this.summary(em, ods, now);
    });
  }

  private async requireCareHome(em: EntityManager, ods: string): Promise<void> {
    const [org]: { type: string }[] = await em.query('SELECT type FROM organisations WHERE ods_code = $1', [ods]);
    if (org?.type !== 'care_home') throw new CareHomeNotFound();
  }

  /**
   * Aggregates only (small numbers suppressed): residents now, and hospital admissions in the last
   * 365 days of people living in the home on the day they were admitted, per registered bed.
   */
  private async summary(em: EntityManager, ods: string, now: Date) {
    const [r]: { name: string; beds: number | null; team: string | null; residents: number; admissions: number }[] = await em.query(
      `SELECT o.name, c.beds, c.support_team_code AS team,
              (SELECT count(DISTINCT r.patient_id)::int FROM patient_residences r WHERE r.care_home_ods = $1 AND r.to_date IS NULL) AS residents,
              (SELECT count(*)::int FROM admissions a JOIN patient_residences r ON r.patient_id = a.patient_id AND r.care_home_ods = $1
                 AND r.from_date <= (a.admitted_at AT TIME ZONE 'Europe/London')::date
                 AND (r.to_date IS NULL OR r.to_date > (a.admitted_at AT TIME ZONE 'Europe/London')::date)
               WHERE a.admitted_at > $2::timestamptz - interval '365 days' AND a.admitted_at <= $2) AS admissions
       FROM organisations o LEFT JOIN care_home_profiles c ON c.ods_code = o.ods_code WHERE o.ods_code = $1`,
      [ods, now],
    );
    const admissions = suppressCount(r.admissions);
    return {
      odsCode: ods,
      name: r.name,
      beds: r.beds,
      supportTeamCode: r.team,
      residents: suppressCount(r.residents),
      admissionsLast365Days: admissions,
      admissionsPerBedPerYear: r.beds && typeof admissions === 'number' ? Math.round((r.admissions / r.beds) * 1000) / 1000 : null,
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
