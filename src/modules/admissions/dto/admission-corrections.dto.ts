import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { INSTANT } from '../../referrals/dto/referral.dto';

export class TransferDto {
  @ApiProperty({ example: 'Cambridge M3', description: 'The ward (and bed) the patient moved to' })
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(64)
  ward: string;

  @ApiProperty({ example: '2026-11-21T09:00:00Z' })
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  at: string;
}
