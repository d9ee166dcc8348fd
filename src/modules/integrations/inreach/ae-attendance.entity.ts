import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PatientEntity } from '../../patients/patient.entity';

export const ATTENDANCE_STATUSES = ['waiting', 'seen', 'left'] as const;

/**
 * An A&E attendance of a patient known to a team, and its in-reach clock: `respond_by` is arrival
 * plus the target (2 h default, up to 4 h). Seen-by / left-A&E stop it; `breach_alerted_at` plus
 * the alerts' dedupe key make the breach alert once across instances. One per patient, hospital
 * and arrival time (the same attendance sent twice is one clock).
 */
@Entity('ae_attendances')
@Unique('uq_ae_attendances_patient_hospital_arrived', ['patientId', 'hospitalOds', 'arrivedAt'])
@Check('chk_ae_attendances_status', `status IN (${ATTENDANCE_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('chk_ae_attendances_stopped', `(status = 'waiting') = (stopped_at IS NULL)`)
@Index('idx_ae_attendances_due', ['respondBy', 'id'], { where: `status = 'waiting' AND breach_alerted_at IS NULL` })
export class AeAttendanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_ae_attendances_patient' })
  patient?: PatientEntity;

  @Column({ name: 'hospital_ods', type: 'varchar', length: 12 })
  hospitalOds: string;

  @Column({ name: 'arrived_at', type: 'timestamptz' })
  arrivedAt: Date;

  @Column({ name: 'respond_by', type: 'timestamptz' })
  respondBy: Date;

  @Column({ type: 'varchar', length: 12, default: 'waiting' })
  status: string;

  /** Teams alerted: those that know the patient and the locality's rapid response team. */
  @Column({ name: 'team_codes', type: 'jsonb', default: () => `'[]'` })
  teamCodes: string[];

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  @Column({ name: 'breach_alerted_at', type: 'timestamptz', nullable: true })
  breachAlertedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
