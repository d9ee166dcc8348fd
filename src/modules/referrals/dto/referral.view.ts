import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OUTCOMES, SERVICES, SOURCE_TYPES, URGENCIES } from '../domain/catalogue';
import { DESTINATION_STATUSES, REFERRAL_STATUSES } from '../domain/referral-state';

/** Response shapes (documented for Swagger; the mapper in referral-mapper.ts builds them). */
export class DestinationView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SERVICES }) service: string;
  @ApiProperty() teamCode: string;
  @ApiProperty({ enum: DESTINATION_STATUSES }) status: string;
  @ApiProperty() respondBy: string;
  @ApiProperty({ description: 'respondBy passed without first contact (or contact came late)' }) breached: boolean;
  @ApiPropertyOptional({ nullable: true }) firstContactAt: string | null;
  @ApiPropertyOptional({ nullable: true }) acceptedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) assignedTo: string | null;
  @ApiPropertyOptional({ nullable: true }) completedAt: string | null;
  @ApiPropertyOptional({ enum: OUTCOMES, nullable: true }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true }) outcomeNotes: string | null;
  @ApiPropertyOptional({ nullable: true }) cancelledAt: string | null;
  @ApiProperty({ description: 'No covering team was open: held by / routed to a 24/7 service' }) routedOutOfHours: boolean;
  @ApiProperty({ enum: ['named', 'practice', 'locality', 'ccg_wide', 'out_of_hours', 'reassigned'] }) routingBasis: string;
  @ApiPropertyOptional({ nullable: true }) routingReason: string | null;
}

export class HistoryEntryView {
  @ApiProperty() at: string;
  @ApiProperty({ description: 'Staff id (sub), or "system"' }) by: string;
  @ApiPropertyOptional({ nullable: true }) byName: string | null;
  @ApiProperty({ example: 'triaged' }) action: string;
  @ApiPropertyOptional({ nullable: true, description: 'Status, urgency or team code before' }) from: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Status, urgency or team code after' }) to: string | null;
  @ApiPropertyOptional({ nullable: true }) reason: string | null;
  @ApiPropertyOptional({ nullable: true }) teamCode: string | null;
  @ApiPropertyOptional({ nullable: true }) destinationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) detail: Record<string, unknown> | null;
}

export class ReferralSourceView {
  @ApiProperty({ enum: SOURCE_TYPES }) type: string;
  @ApiPropertyOptional({ nullable: true }) organisationOds: string | null;
  @ApiPropertyOptional({ nullable: true }) name: string | null;
  @ApiPropertyOptional({ nullable: true }) contact: string | null;
}

export class ReferralPatientView {
  @ApiPropertyOptional({ nullable: true }) nhsNumber: string | null;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiPropertyOptional({ nullable: true }) gpPracticeOds: string | null;
  @ApiProperty() needsTracing: boolean;
}

export class TriageView {
  @ApiProperty() decision: string;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiPropertyOptional({ nullable: true }) notes: string | null;
}

export class ReferredByView {
  @ApiProperty() sub: string;
  @ApiPropertyOptional({ nullable: true }) name: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The referring organisation (JWT org)' }) org: string | null;
}

export class ReferralView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @ApiPropertyOptional({ nullable: true }) nhsNumber: string | null;
  @ApiProperty({ description: 'The patient has no verified NHS number yet (a trace_nhs_number task is open)' }) needsTracing: boolean;
  @ApiPropertyOptional({ type: ReferralPatientView, nullable: true, description: 'Only for users who may read patient data' })
  patient: ReferralPatientView | null;
  @ApiPropertyOptional({ enum: SERVICES, nullable: true }) requestedService: string | null;
  @ApiProperty({ type: [String] }) needs: string[];
  @ApiProperty() reason: string;
  @ApiProperty({ type: ReferralSourceView }) source: ReferralSourceView;
  @ApiProperty() receivedAt: string;
  @ApiProperty() respondBy: string;
  @ApiProperty() breached: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'An earlier open referral for the same patient and service (null in a referrer\'s view)' })
  duplicateOf: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The single point of access triaging it (null in a referrer\'s view: it follows the practice on record)' })
  spoaTeamCode: string | null;
  @ApiPropertyOptional({ type: TriageView, nullable: true }) triage: TriageView | null;
  @ApiPropertyOptional({ nullable: true }) closedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) closedReason: string | null;
  @ApiProperty({ description: 'Some part went to a 24/7 service because no covering team was open' }) routedOutOfHours: boolean;
  @ApiProperty({ type: [DestinationView] }) destinations: DestinationView[];
  @ApiPropertyOptional({ type: [HistoryEntryView], description: 'GET /referrals/{id} and actions only' }) history?: HistoryEntryView[];
  @ApiProperty({ type: ReferredByView }) referredBy: ReferredByView;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ReferralPage {
  @ApiProperty({ type: [ReferralView] }) items: ReferralView[];
  @ApiPropertyOptional({ nullable: true }) nextCursor: string | null;
}
