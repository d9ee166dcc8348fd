import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { TeamEntity } from '../teams/team.entity';
import { TASK_STATUSES, type TaskStatus } from './domain/task-state';
import { VersionedEntity } from '../../database/entity-columns';

/**
 * Work the system creates for a team (trace an NHS number, post-discharge follow-up, MDT actions,
 * care plan reviews). One worklist per team, ordered by due time. `source_*` says what created it;
 * `dedupe_key` lets a creator make the same task at most once (e.g. one follow-up per discharge).
 */
@Entity('tasks')
@Check('chk_tasks_status', `status IN (${TASK_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('chk_tasks_done', `(status = 'done') = (completed_at IS NOT NULL)`)
@Index('idx_tasks_team_status_due', ['teamCode', 'status', 'dueAt', 'id'])
@Index('idx_tasks_assignee', ['assignee', 'status', 'dueAt'])
@Index('idx_tasks_source', ['sourceType', 'sourceId'])
export class TaskEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 48 })
  type: string;

  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_tasks_team' })
  team?: TeamEntity;

  @Index('idx_tasks_patient')
  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId: string | null;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_tasks_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: TaskStatus;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'source_type', type: 'varchar', length: 32 })
  sourceType: string;

  @Column({ name: 'source_id', type: 'varchar', length: 64, nullable: true })
  sourceId: string | null;

  @Index('uq_tasks_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  assignee: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by', type: 'varchar', length: 128, nullable: true })
  completedBy: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;
}
