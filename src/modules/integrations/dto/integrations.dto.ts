import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { HL7_MESSAGE_STATUSES } from '../hl7/hl7-message.entity';

export class ListHl7MessagesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: HL7_MESSAGE_STATUSES, description: 'failed: the dead letters; waiting: parked out-of-order events' })
  @IsOptional()
  @IsIn(HL7_MESSAGE_STATUSES)
  status?: (typeof HL7_MESSAGE_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Sending facility (MSH-4)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be a sending facility code' })
  sender?: string;
}

export class InReachClocksQuery {
  @ApiPropertyOptional({ description: 'One of your teams; default all of them' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  team?: string;
}

export class Hl7MessageViewDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'MSH-4' }) sender: string;
  @ApiProperty({ description: 'MSH-10' }) controlId: string;
  @ApiProperty({ nullable: true, type: String }) hospitalOds: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'A01' }) event: string | null;
  @ApiProperty({ enum: HL7_MESSAGE_STATUSES }) status: string;
  @ApiProperty({ enum: ['AA', 'AE', 'AR'] }) ackCode: string;
  @ApiProperty({ nullable: true, type: String }) reasonCode: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) eventAt: string | null;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ nullable: true, type: String }) processedAt: string | null;
  @ApiProperty() attempts: number;
}
