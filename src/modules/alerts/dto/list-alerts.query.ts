import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination';

export class ListAlertsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'One of your teams; default all of them' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  team?: string;

  @ApiPropertyOptional({ enum: ['open', 'acknowledged'] })
  @IsOptional()
  @IsIn(['open', 'acknowledged'])
  status?: 'open' | 'acknowledged';
}

export class StreamAlertsQuery {
  @ApiPropertyOptional({ description: 'One of your teams; default all of them' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  team?: string;
}
