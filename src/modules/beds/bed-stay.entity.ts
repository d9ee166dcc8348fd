import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { BedRequestEntity } from './bed-request.entity';
import { BedUnitEntity } from './bed-unit.entity';
import { BedEntity } from './bed.entity';
import { DIRECTIONS, DISCHARGE_DESTINATIONS, Direction, DischargeDestination, STAY_STATUSES, StayStatus } from './domain/types';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A stay: offered (bed reserved) -> occupied -> discharged, or declined / withdrawn while offered.
 * The database holds the invariants, whatever the concurrency and however many instances run:
 * partial unique indexes (hand-written in the migration) allow one active (offered or occupied)
 * stay per bed, per patient and per request.
 */
@Entity('bed_stays')
@Check('chk_bed_stays_status', `status IN (${list(STAY_STATUSES)})`)
@Check('chk_bed_stays_direction', `direction IN (${list(DIRECTIONS)})`)
@Check('chk_bed_stays_destination', `discharge_destination IN (${list(DISCHARGE_DESTINATIONS)})`)
@Check('chk_bed_stays_admitted', `(admitted_at IS NOT NULL) = (status IN ('occupied', 'discharged'))`)
@Check('chk_bed_stays_discharged', `(discharged_at IS NOT NULL) = (status = 'discharged') AND (discharged_at IS NULL OR discharged_at >= admitted_at)`)
@Index('idx_bed_stays_unit_offered', ['unitId', 'offeredAt'])
@Index('idx_bed_stays_unit_admitted', ['unitId', 'admittedAt'])
@Index('idx_bed_stays_unit_discharged', ['unitId', 'dischargedAt'])
@Index('uq_bed_stays_active_bed', { synchronize: false })
@Index('uq_bed_stays_active_patient', { synchronize: false })
@Index('uq_bed_stays_active_request', { synchronize: false })
export class BedStayEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_bed_stays_request')
  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => BedRequestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_bed_stays_request' })
  request?: BedRequestEntity;

  @Index('idx_bed_stays_bed')
  @Column({ name: 'bed_id', type: 'uuid' })
  bedId: string;

  @ManyToOne(() => BedEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bed_id', foreignKeyConstraintName: 'fk_bed_stays_bed' })
  bed?: BedEntity;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => BedUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_bed_stays_unit' })
  unit?: BedUnitEntity;

  @Index('idx_bed_stays_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_bed_stays_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 16 })
  direction: Direction;

  @Column({ type: 'varchar', length: 16 })
  status: StayStatus;

  @Column({ name: 'offered_at', type: 'timestamptz' })
  offeredAt: Date;

  @Column({ name: 'admitted_at', type: 'timestamptz', nullable: true })
  admittedAt: Date | null;

  @Column({ name: 'discharged_at', type: 'timestamptz', nullable: true })
  dischargedAt: Date | null;

  @Column({ name: 'discharge_destination', type: 'varchar', length: 32, nullable: true })
  dischargeDestination: DischargeDestination | null;

  /** When an offer was declined or withdrawn, and why. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 500, nullable: true })
  endReason: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
