import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { TEAM_CODE_PATTERN } from '../../teams/dto/team.dto';

/** POST /patients/{nhsNumber}/involvements */
export class AddInvolvementDto {
  @ApiProperty({ example: 'SKC-NCT-DD1' })
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  teamCode: string;

  @ApiProperty({ example: 'Social worker leading a safeguarding enquiry' })
  @IsString()
  @Length(3, 500)
  reason: string;

  @ApiProperty({ description: 'ISO 8601 instant; the involvement ends then (at most a year ahead)', example: '2027-03-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;
}

/** PUT /teams/{code}/subscriptions: the whole set (fields left out are off). */
export class TeamSubscriptionsDto {
  @ApiPropertyOptional({ description: 'Alert on every admission of a patient of the aligned practices (default off)' })
  @IsOptional()
  @IsBoolean()
  admissionsOfAlignedPractices?: boolean;
}

export interface InvolvementView {
  id: string;
  teamCode: string;
  reason: string;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  addedBy: string;
}

export interface TeamSubscriptionsView {
  teamCode: string;
  admissionsOfAlignedPractices: boolean;
}
