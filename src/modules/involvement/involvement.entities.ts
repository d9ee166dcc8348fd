import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { TeamEntity } from '../teams/team.entity';

/**
 * A team a user explicitly added as involved with a patient, with a reason and an end date (e.g.
 * a social worker's team for the length of a safeguarding enquiry). Counts as involvement (alerts,
 * follow-ups) from `starts_at` until `ends_at`, or until ended early (`ended_at`).
 */
@Entity('patient_involvements')
@Index('idx_patient_involvements_patient', ['patientId', 'endsAt'])
@Check('chk_patient_involvements_dates', 'ends_at > starts_at')
export class PatientInvolvementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_involvements_patient' })
  patient?: PatientEntity;

  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_patient_involvements_team' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'added_by', type: 'varchar', length: 128 })
  addedBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** What a team asks to hear about beyond its own involvement. Off unless a row says otherwise. */
@Entity('team_subscriptions')
export class TeamSubscriptionEntity {
  @PrimaryColumn({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_team_subscriptions_team' })
  team?: TeamEntity;

  /** Alert on every admission of a patient registered at one of the team's aligned practices. */
  @Column({ name: 'admissions_of_aligned_practices', type: 'boolean', default: false })
  admissionsOfAlignedPractices: boolean;

  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
