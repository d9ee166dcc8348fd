import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { TeamEntity } from '../teams/team.entity';
import { SERVICES, SOURCE_TYPES, TRIAGE_DECISIONS, URGENCIES } from './domain/catalogue';
import { OPEN_REFERRAL_STATUSES_SQL, REFERRAL_STATUSES, type ReferralStatus } from './domain/referral-state';
import { ALWAYS_SQL, NEVER_SQL } from './domain/response-clock';
import { VersionedEntity } from '../../database/entity-columns';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
export const OPEN_REFERRAL_SQL = `status IN ${OPEN_REFERRAL_STATUSES_SQL}`;

/**
 * A referral into the single point of access. `respond_by` is its response clock (api.md);
 * `breach_at` folds the clock of the referral and its parts into one instant (see
 * domain/response-clock.ts) so queues can sort "breached first" on an index.
 * `version` serialises triage: every change takes the row lock and bumps it.
 */
@Entity('referrals')
@Check('chk_referrals_status', `status IN (${list(REFERRAL_STATUSES)})`)
@Check('chk_referrals_urgency', `urgency IN (${list(URGENCIES)})`)
@Check('chk_referrals_source_type', `source_type IN (${list(SOURCE_TYPES)})`)
@Check('chk_referrals_requested_service', `requested_service IS NULL OR requested_service IN (${list(SERVICES)})`)
@Check('chk_referrals_triage_decision', `triage_decision IS NULL OR triage_decision IN (${list(TRIAGE_DECISIONS)})`)
@Index('idx_referrals_patient', ['patientId', 'receivedAt'])
@Index('idx_referrals_status_queue', ['status', 'respondBy', 'id'])
@Index('idx_referrals_created_by_org', ['createdByOrg', 'respondBy', 'id'])
// The open queue by clock state: running (breached once respond_by passes), stopped late (always
// breached), stopped in time (never): "breached first, then respondBy" is a merge of range scans.
@Index('idx_referrals_queue_running', ['respondBy', 'id'], { where: `${OPEN_REFERRAL_SQL} AND breach_at = respond_by` })
@Index('idx_referrals_queue_late', ['respondBy', 'id'], { where: `${OPEN_REFERRAL_SQL} AND breach_at = ${ALWAYS_SQL}` })
@Index('idx_referrals_queue_in_time', ['respondBy', 'id'], { where: `${OPEN_REFERRAL_SQL} AND breach_at = ${NEVER_SQL}` })
@Index('idx_referrals_triage_breach_due', ['respondBy'], { where: `status = 'awaiting_triage' AND breach_alerted_at IS NULL` })
export class ReferralEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_referrals_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 24 })
  status: ReferralStatus;

  @Column({ type: 'varchar', length: 8 })
  urgency: string;

  @Column({ name: 'requested_service', type: 'varchar', length: 32, nullable: true })
  requestedService: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  needs: string[];

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'source_type', type: 'varchar', length: 24 })
  sourceType: string;

  @Column({ name: 'source_organisation_ods', type: 'varchar', length: 12, nullable: true })
  sourceOrganisationOds: string | null;

  @Column({ name: 'source_name', type: 'varchar', length: 200, nullable: true })
  sourceName: string | null;

  @Column({ name: 'source_contact', type: 'varchar', length: 200, nullable: true })
  sourceContact: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'respond_by', type: 'timestamptz' })
  respondBy: Date;

  @Column({ name: 'breach_at', type: 'timestamptz' })
  breachAt: Date;

  /** The single point of access that triages it and hears of its breaches. */
  @Column({ name: 'spoa_team_code', type: 'varchar', length: 32 })
  spoaTeamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'spoa_team_code', foreignKeyConstraintName: 'fk_referrals_spoa_team' })
  spoaTeam?: TeamEntity;

  @Index('idx_referrals_duplicate_of')
  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf: string | null;

  @ManyToOne(() => ReferralEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'duplicate_of', foreignKeyConstraintName: 'fk_referrals_duplicate_of' })
  duplicateOfReferral?: ReferralEntity;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 200, nullable: true })
  createdByName: string | null;

  /** The organisation (JWT `org`) that sent it: a referrer sees its own organisation's referrals. */
  @Column({ name: 'created_by_org', type: 'varchar', length: 12, nullable: true })
  createdByOrg: string | null;

  @Column({ name: 'triage_decision', type: 'varchar', length: 24, nullable: true })
  triageDecision: string | null;

  @Column({ name: 'triaged_at', type: 'timestamptz', nullable: true })
  triagedAt: Date | null;

  @Column({ name: 'triaged_by', type: 'varchar', length: 128, nullable: true })
  triagedBy: string | null;

  @Column({ name: 'triage_notes', type: 'text', nullable: true })
  triageNotes: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Why it was returned, declined or cancelled. */
  @Column({ name: 'closed_reason', type: 'text', nullable: true })
  closedReason: string | null;

  /** Set by the breach check that raised the triage breach alert (claimed with SKIP LOCKED). */
  @Column({ name: 'breach_alerted_at', type: 'timestamptz', nullable: true })
  breachAlertedAt: Date | null;
}
