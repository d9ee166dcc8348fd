import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { TeamEntity } from '../teams/team.entity';
import { EPISODE_STATUSES, type EpisodeStatus } from './domain/episode-state';
import { VersionedEntity } from '../../database/entity-columns';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** CLOSED_EPISODE_STATUSES (domain/episode-state.ts) as an SQL list, written out so statements stay constant text (a unit test keeps the two equal). */
export const CLOSED_EPISODE_SQL_LIST = `'declined', 'completed', 'withdrawn'`;
export const OPEN_EPISODE_SQL = `status NOT IN (${CLOSED_EPISODE_SQL_LIST})`;

/**
 * A Pro-Active Care episode: the 12-week MDT intervention for a risk-stratified patient. At most one
 * open episode per patient (partial unique index); `planned_end_at` is the 12-week clock set when
 * the episode becomes active. The care coordinator's team holds the episode.
 */
@Entity('proactive_care_episodes')
@Check('chk_episodes_status', `status IN (${list(EPISODE_STATUSES)})`)
@Check('chk_episodes_active_clock', `status NOT IN ('active', 'review_due') OR planned_end_at IS NOT NULL`)
@Index('uq_episodes_open_per_patient', ['patientId'], { unique: true, where: OPEN_EPISODE_SQL })
@Index('idx_episodes_patient_ended', ['patientId', 'status', 'endedAt'])
@Index('idx_episodes_team_active', ['teamCode'], { where: `status IN ('active', 'review_due')` })
@Index('idx_episodes_review_due', ['plannedEndAt'], { where: `status = 'active'` })
export class EpisodeEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_episodes_patient' })
  patient?: PatientEntity;

  @Column({ name: 'practice_ods', type: 'varchar', length: 12 })
  practiceOds: string;

  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_episodes_team' })
  team?: TeamEntity;

  @Column({ name: 'care_coordinator_staff_id', type: 'varchar', length: 128 })
  careCoordinatorStaffId: string;

  @Column({ name: 'care_coordinator_name', type: 'varchar', length: 200 })
  careCoordinatorName: string;

  /** The patient's GP, the accountable lead professional. */
  @Column({ name: 'accountable_gp', type: 'varchar', length: 200, nullable: true })
  accountableGp: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: EpisodeStatus;

  /** Disciplines that took part in the joint assessment. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  disciplines: string[];

  /** Why it was declined or withdrawn (or the latest reason given). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'planned_end_at', type: 'timestamptz', nullable: true })
  plannedEndAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;
}

/** An episode's history: every transition, who, when and why. */
@Entity('proactive_care_episode_events')
@Index('idx_episode_events_episode', ['episodeId', 'id'])
export class EpisodeEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => EpisodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'fk_episode_events_episode' })
  episode?: EpisodeEntity;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  @Column({ name: 'actor_sub', type: 'varchar', length: 128 })
  actorSub: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;
}
