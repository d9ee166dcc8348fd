import { AuditEventEntity } from '../common/audit/audit-event.entity';
import { IdempotencyKeyEntity } from '../common/idempotency/idempotency-key.entity';
import { AlertEntity } from '../modules/alerts/alert.entity';
import { EpisodeEntity, EpisodeEventEntity } from '../modules/caseloads/episode.entity';
import { RiskLatestEntity, RiskScoreEntity, RiskScoreImportEntity } from '../modules/caseloads/risk-score.entity';
import { OrganisationEntity } from '../modules/organisations/organisation.entity';
import { PatientEntity } from '../modules/patients/patient.entity';
import { ReferralDestinationEntity } from '../modules/referrals/referral-destination.entity';
import { ReferralEventEntity } from '../modules/referrals/referral-event.entity';
import { ReferralEntity } from '../modules/referrals/referral.entity';
import { TaskEntity } from '../modules/tasks/task.entity';
import { TeamEntity, TeamPracticeEntity } from '../modules/teams/team.entity';

/** Every entity, listed once: shared by the app, the migration CLI and the tests. */
export const ENTITIES = [
  OrganisationEntity,
  TeamEntity,
  TeamPracticeEntity,
  PatientEntity,
  AuditEventEntity,
  AlertEntity,
  IdempotencyKeyEntity,
  ReferralEntity,
  ReferralDestinationEntity,
  ReferralEventEntity,
  TaskEntity,
  RiskScoreImportEntity,
  RiskScoreEntity,
  RiskLatestEntity,
  EpisodeEntity,
  EpisodeEventEntity,
];
