import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TeamEntity } from '../teams/team.entity';
import { OUTCOMES, SERVICES } from './domain/catalogue';
import { AWAITING_CONTACT_STATUSES_SQL, DESTINATION_STATUSES, type DestinationStatus, OPEN_DESTINATION_STATUSES_SQL } from './domain/referral-state';
import { ALWAYS_SQL, NEVER_SQL } from './domain/response-clock';
import { ReferralEntity } from './referral.entity';
import { TimestampedEntity } from '../../database/entity-columns';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
export const ROUTING_BASES = ['named', 'practice', 'locality', 'ccg_wide', 'out_of_hours', 'reassigned'] as const;
export const OPEN_DESTINATION_SQL = `status IN ${OPEN_DESTINATION_STATUSES_SQL}`;

/** One routed part of a referral: its own team, status and response clock. */
@Entity('referral_destinations')
@Check('chk_referral_destinations_status', `status IN (${list(DESTINATION_STATUSES)})`)
@Check('chk_referral_destinations_service', `service IN (${list(SERVICES)})`)
@Check('chk_referral_destinations_outcome', `outcome IS NULL OR outcome IN (${list(OUTCOMES)})`)
@Check('chk_referral_destinations_routing_basis', `routing_basis IN (${list(ROUTING_BASES)})`)
@Index('uq_referral_destinations_position', ['referralId', 'position'], { unique: true })
// Hand-written in the migration: a referral routes each service to one open part at a time.
@Index('uq_referral_destinations_open_service', { synchronize: false })
@Index('idx_referral_destinations_team_status', ['teamCode', 'status', 'respondBy', 'id'])
// A team's open worklist by clock state (see referral.entity.ts).
@Index('idx_referral_destinations_team_running', ['teamCode', 'respondBy', 'id'], { where: `${OPEN_DESTINATION_SQL} AND breach_at = respond_by` })
@Index('idx_referral_destinations_team_late', ['teamCode', 'respondBy', 'id'], { where: `${OPEN_DESTINATION_SQL} AND breach_at = ${ALWAYS_SQL}` })
@Index('idx_referral_destinations_team_in_time', ['teamCode', 'respondBy', 'id'], { where: `${OPEN_DESTINATION_SQL} AND breach_at = ${NEVER_SQL}` })
@Index('idx_referral_destinations_breach_due', ['respondBy'], {
  where: `status IN ${AWAITING_CONTACT_STATUSES_SQL} AND breach_alerted_at IS NULL`,
})
export class ReferralDestinationEntity extends TimestampedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_referral_destinations_referral' })
  referral?: ReferralEntity;

  /** Order within the triage that routed it (0, 1, ...). */
  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 32 })
  service: string;

  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_referral_destinations_team' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 24 })
  status: DestinationStatus;

  @Column({ name: 'respond_by', type: 'timestamptz' })
  respondBy: Date;

  @Column({ name: 'breach_at', type: 'timestamptz' })
  breachAt: Date;

  @Column({ name: 'routing_basis', type: 'varchar', length: 16 })
  routingBasis: string;

  @Column({ name: 'routed_out_of_hours', type: 'boolean', default: false })
  routedOutOfHours: boolean;

  @Column({ name: 'routing_reason', type: 'text', nullable: true })
  routingReason: string | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** The staff member who took it (the accepting user unless they named someone). */
  @Column({ name: 'assigned_to', type: 'varchar', length: 128, nullable: true })
  assignedTo: string | null;

  @Column({ name: 'first_contact_at', type: 'timestamptz', nullable: true })
  firstContactAt: Date | null;

  @Column({ name: 'first_contact_by', type: 'varchar', length: 128, nullable: true })
  firstContactBy: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome: string | null;

  @Column({ name: 'outcome_notes', type: 'text', nullable: true })
  outcomeNotes: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'breach_alerted_at', type: 'timestamptz', nullable: true })
  breachAlertedAt: Date | null;
}
