import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AdmissionEntity } from '../admissions/admission.entity';
import { PatientEntity } from '../patients/patient.entity';
import { ReferralEntity } from '../referrals/referral.entity';
import { BedUnitEntity } from './bed-unit.entity';
import {
  CLOSE_CAUSES,
  Capability,
  CloseCause,
  DIRECTIONS,
  Direction,
  PRIORITIES,
  PURPOSES,
  Priority,
  Purpose,
  REQUEST_SOURCES,
  REQUEST_STATUSES,
  RequestSource,
  RequestStatus,
} from './domain/types';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A request for a community bed: step-up from the community (admission avoidance) or step-down
 * from hospital. `referralId` / `admissionId` link to the referral or hospital admission behind it
 * (foreign keys; the service checks they are the same patient's).
 * At most one open (waiting or offered) request per patient: a partial unique index, hand-written
 * in the migration.
 */
@Entity('bed_requests')
@Check('chk_bed_requests_direction', `direction IN (${list(DIRECTIONS)})`)
@Check('chk_bed_requests_priority', `priority IN (${list(PRIORITIES)})`)
@Check('chk_bed_requests_status', `status IN (${list(REQUEST_STATUSES)})`)
@Check('chk_bed_requests_purpose', `purpose IN (${list(PURPOSES)})`)
@Index('idx_bed_requests_status', ['status', 'requestedAt'])
@Check('chk_bed_requests_close_cause', `close_cause IN (${list(CLOSE_CAUSES)})`)
@Check('chk_bed_requests_source', `source IN (${list(REQUEST_SOURCES)})`)
@Index('uq_bed_requests_open_patient', { synchronize: false })
@Index('uq_bed_requests_referral_source', { synchronize: false })
@Index('uq_bed_requests_admission_source', { synchronize: false })
export class BedRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_bed_requests_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_bed_requests_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 16 })
  direction: Direction;

  @Index('idx_bed_requests_referral')
  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Index('idx_bed_requests_admission')
  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId: string | null;

  @ManyToOne(() => ReferralEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_bed_requests_referral' })
  referral?: ReferralEntity;

  @ManyToOne(() => AdmissionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'admission_id', foreignKeyConstraintName: 'fk_bed_requests_admission' })
  admission?: AdmissionEntity;

  @Column({ type: 'text', array: true })
  needs: Capability[];

  @Column({ type: 'varchar', length: 32, nullable: true })
  purpose: Purpose | null;

  @Column({ type: 'varchar', length: 16 })
  priority: Priority;

  @Column({ name: 'earliest_at', type: 'timestamptz', nullable: true })
  earliestAt: Date | null;

  @Column({ name: 'preferred_locality', type: 'varchar', length: 64, nullable: true })
  preferredLocality: string | null;

  /** Only beds in this unit, when set. */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @ManyToOne(() => BedUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_bed_requests_unit' })
  unit?: BedUnitEntity;

  /** Units whose offer was declined: not offered again. */
  @Column({ name: 'excluded_unit_ids', type: 'uuid', array: true })
  excludedUnitIds: string[];

  @Column({ type: 'varchar', length: 16 })
  status: RequestStatus;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'requested_by_sub', type: 'varchar', length: 128 })
  requestedBySub: string;

  @Column({ name: 'requested_by_team', type: 'varchar', length: 32, nullable: true })
  requestedByTeam: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  /** Why the service closed it without a bed (unmet demand); null otherwise. */
  @Column({ name: 'close_cause', type: 'varchar', length: 32, nullable: true })
  closeCause: CloseCause | null;

  /** Raised by a user, a referral or an admission; the last two at most once each (partial unique indexes). */
  @Column({ type: 'varchar', length: 16, default: 'manual' })
  source: RequestSource;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
