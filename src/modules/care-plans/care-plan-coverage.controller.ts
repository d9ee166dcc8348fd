import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Authorize } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import { ODS_PATTERN } from '../organisations/dto/organisation.dto';
import { CarePlanReviewsService } from './care-plan-reviews.service';
import { publishCoverage } from './domain/coverage';

export class CoverageQuery {
  @ApiPropertyOptional({ example: 'Z99001' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  practice?: string;

  @ApiPropertyOptional({ example: 'Dover/Deal' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;
}

@ApiTags('care-plans')
@ApiBearerAuth()
@Controller('care-plans')
export class CarePlanCoverageController {
  constructor(private readonly reviews: CarePlanReviewsService) {}

  /** Aggregate coverage for commissioners: no patient data, small numbers suppressed. */
  @Get('coverage')
  @Authorize(Permission.CarePlanCoverageRead)
  async coverage(@Query() q: CoverageQuery) {
    return publishCoverage(await this.reviews.coverage(q));
  }
}
