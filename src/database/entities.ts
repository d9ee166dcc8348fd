import { AuditEventEntity } from '../common/audit/audit-event.entity';
import { IdempotencyKeyEntity } from '../common/idempotency/idempotency-key.entity';
import { RateLimitCounterEntity } from '../common/rate-limit/rate-limit-counter.entity';
import { AdmissionDelayEntity, AdmissionEntity } from '../modules/admissions/admission.entity';
import { DischargeDelayEntity, DischargeDelaySnapshotEntity, DischargeEventEntity, DischargeSnapshotDayEntity } from '../modules/admissions/discharge/discharge.entities';
import { AlertEntity } from '../modules/alerts/alert.entity';
import { BedAllocationEntity } from '../modules/beds/bed-allocation.entity';
import { BedRequestRefusalEntity } from '../modules/beds/bed-request-refusal.entity';
import { BedRequestEntity } from '../modules/beds/bed-request.entity';
import { BedStayEntity } from '../modules/beds/bed-stay.entity';
import { BedUnitEntity } from '../modules/beds/bed-unit.entity';
import { BedEntity } from '../modules/beds/bed.entity';
import { CarePlanAgreementEntity } from '../modules/care-plans/care-plan-agreement.entity';
import { CarePlanConsentEntity } from '../modules/care-plans/care-plan-consent.entity';
import { CarePlanVersionEntity } from '../modules/care-plans/care-plan-version.entity';
import { EpisodeEntity, EpisodeEventEntity } from '../modules/caseloads/episode.entity';
import { RiskLatestEntity, RiskScoreEntity, RiskScoreImportEntity } from '../modules/caseloads/risk-score.entity';
import { FhirEncounterEntity } from '../modules/integrations/fhir/fhir-encounter.entity';
import { Hl7MessageEntity } from '../modules/integrations/hl7/hl7-message.entity';
import { AeAttendanceEntity } from '../modules/integrations/inreach/ae-attendance.entity';
import { PatientInvolvementEntity, TeamSubscriptionEntity } from '../modules/involvement/involvement.entities';
import { MdtAgendaItemEntity, MdtAttendeeEntity, MdtMeetingEntity, MdtOutcomeEntity, MdtSeriesEntity } from '../modules/mdt/mdt.entities';
import { OrganisationEntity } from '../modules/organisations/organisation.entity';
import { PatientEntity } from '../modules/patients/patient.entity';
import { PopulationEstimateEntity } from '../modules/populations/population-estimate.entity';
import { CareHomeProfileEntity } from '../modules/residences/care-home.entity';
import { PatientResidenceEntity, ReablementStartEntity } from '../modules/residences/residence.entities';
import { ReferralDestinationEntity } from '../modules/referrals/referral-destination.entity';
import { ReferralEventEntity } from '../modules/referrals/referral-event.entity';
import { ReferralEntity } from '../modules/referrals/referral.entity';
import { TaskEntity } from '../modules/tasks/task.entity';
import { TeamEntity, TeamPracticeEntity } from '../modules/teams/team.entity';
import { OutboxEventEntity, WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEntity } from '../modules/webhooks/webhook.entity';
import { StaffSessionEntity } from '../modules/sign-in/staff-session.entity';

/** Every entity, listed once: shared by the app, the migration CLI and the tests. */
export const ENTITIES = [
  OrganisationEntity,
  TeamEntity,
  TeamPracticeEntity,
  PatientEntity,
  AuditEventEntity,
  AlertEntity,
  IdempotencyKeyEntity,
  RateLimitCounterEntity,
  ReferralEntity,
  ReferralDestinationEntity,
  ReferralEventEntity,
  TaskEntity,
  BedUnitEntity,
  BedEntity,
  BedRequestEntity,
  BedRequestRefusalEntity,
  BedStayEntity,
  BedAllocationEntity,
  CarePlanVersionEntity,
  CarePlanAgreementEntity,
  CarePlanConsentEntity,
  AdmissionEntity,
  AdmissionDelayEntity,
  WebhookEntity,
  OutboxEventEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
  RiskScoreImportEntity,
  RiskScoreEntity,
  RiskLatestEntity,
  EpisodeEntity,
  EpisodeEventEntity,
  MdtSeriesEntity,
  MdtMeetingEntity,
  MdtAttendeeEntity,
  MdtAgendaItemEntity,
  MdtOutcomeEntity,
  Hl7MessageEntity,
  AeAttendanceEntity,
  FhirEncounterEntity,
  DischargeEventEntity,
  DischargeDelayEntity,
  DischargeSnapshotDayEntity,
  DischargeDelaySnapshotEntity,
  PatientResidenceEntity,
  ReablementStartEntity,
  PopulationEstimateEntity,
  CareHomeProfileEntity,
  StaffSessionEntity,
  PatientInvolvementEntity,
  TeamSubscriptionEntity,
];
