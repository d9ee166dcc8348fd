import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { TeamEntity } from '../teams/team.entity';

export type AlertStatus = 'open' | 'acknowledged';

@Entity('alerts')
@Check('chk_alerts_status', `status IN ('open', 'acknowledged')`)
@Index('idx_alerts_team_status', ['teamCode', 'status', 'createdAt'])
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_alerts_team' })
  team?: TeamEntity;

  @Index('idx_alerts_patient')
  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId: string | null;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_alerts_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: AlertStatus;

  @Column({ type: 'jsonb' })
  detail: Record<string, unknown>;

  /** Raising the same condition twice (e.g. one breach checked by two instances) yields one alert. */
  @Index('uq_alerts_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 128, nullable: true })
  acknowledgedBy: string | null;
}
