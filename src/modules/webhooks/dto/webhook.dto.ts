import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { ALL_EVENTS, EVENT_TYPES } from '../domain/events';

const EVENT_CHOICES = [...EVENT_TYPES, ALL_EVENTS];

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.org/care-coordination', description: 'https (http only where allowed); no credentials' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: EVENT_CHOICES, isArray: true, example: ['admission.created', 'patient.discharged'], description: "'*' for every event" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(EVENT_CHOICES, { each: true })
  events: string[];

  @ApiProperty({ description: 'Shared secret for X-Signature (HMAC-SHA256); never returned', minLength: 16, maxLength: 200 })
  @IsString()
  @Length(16, 200)
  secret: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: 'pending' | 'delivered' | 'failed';
}

export class WebhookView {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

export class DeliveryAttemptView {
  @ApiProperty() attempt: number;
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome: string;
  @ApiProperty({ nullable: true, type: Number }) responseStatus: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() durationMs: number;
}

export class DeliveryView {
  @ApiProperty() id: string;
  @ApiProperty() webhookId: string;
  @ApiProperty() eventId: string;
  @ApiProperty() event: string;
  @ApiProperty({ description: 'Attempts made so far' }) attempt: number;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Of the last attempt' }) responseStatus: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Time of the last attempt' }) at: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [DeliveryAttemptView], description: 'Every attempt, oldest first' }) attempts: DeliveryAttemptView[];
}
