import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PatientEntity } from '../patients/patient.entity';
import { TeamEntity } from '../teams/team.entity';
import { ADMISSION_METHODS, ADMISSION_STATUSES, DELAY_REASONS, DISCHARGE_DESTINATIONS } from './domain/admission-rules';
import { VersionedEntity } from '../../database/entity-columns';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A hospital admission recorded by an integrated discharge team. Posting the same admission
 * again (same patient, hospital and admittedAt) finds this row: the unique constraint makes the
 * create idempotent across instances. `known_to` and `alerts_raised` keep what the first answer said.
 */
@Entity('admissions')
@Unique('uq_admissions_patient_hospital_admitted', ['patientId', 'hospitalOds', 'admittedAt'])
@Check('chk_admissions_status', `status IN (${list(ADMISSION_STATUSES)})`)
@Check('chk_admissions_method', `method IN (${list(ADMISSION_METHODS)})`)
@Check('chk_admissions_destination', `destination IS NULL OR destination IN (${list(DISCHARGE_DESTINATIONS)})`)
@Check('chk_admissions_discharged', `(status = 'discharged') = (discharged_at IS NOT NULL AND destination IS NOT NULL)`)
@Check('chk_admissions_times', `(discharged_at IS NULL OR discharged_at >= admitted_at) AND (medically_optimised_at IS NULL OR medically_optimised_at >= admitted_at)`)
@Index('idx_admissions_patient_discharged', ['patientId', 'dischargedAt'])
@Index('idx_admissions_status_admitted', ['status', 'admittedAt', 'id'])
@Index('idx_admissions_admitted_at', ['admittedAt'])
@Index('idx_admissions_discharged_at', ['dischargedAt'], { where: 'discharged_at IS NOT NULL' })
@Index('idx_admissions_optimised', ['medicallyOptimisedAt', 'id'], { where: `status = 'inpatient' AND medically_optimised_at IS NOT NULL` })
export class AdmissionEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_admissions_patient' })
  patient?: PatientEntity;

  @Column({ name: 'hospital_ods', type: 'varchar', length: 12 })
  hospitalOds: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hospital_ods', foreignKeyConstraintName: 'fk_admissions_hospital' })
  hospital?: OrganisationEntity;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ward: string | null;

  @Column({ name: 'admitted_at', type: 'timestamptz' })
  admittedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  method: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 16, default: 'inpatient' })
  status: string;

  @Column({ type: 'boolean', default: false })
  readmission: boolean;

  @Column({ name: 'previous_admission_id', type: 'uuid', nullable: true })
  previousAdmissionId: string | null;

  /** The integrated discharge team that recorded it: known to the patient while they are an inpatient. */
  @Column({ name: 'idt_team_code', type: 'varchar', length: 32, nullable: true })
  idtTeamCode: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'idt_team_code', foreignKeyConstraintName: 'fk_admissions_idt_team' })
  idtTeam?: TeamEntity;

  @Column({ name: 'known_to', type: 'jsonb', default: () => `'[]'` })
  knownTo: { teamCode: string; relationship: string }[];

  @Column({ name: 'alerts_raised', type: 'int', default: 0 })
  alertsRaised: number;

  @Column({ name: 'estimated_discharge_date', type: 'date', nullable: true })
  estimatedDischargeDate: string | null;

  @Column({ name: 'medically_optimised_at', type: 'timestamptz', nullable: true })
  medicallyOptimisedAt: Date | null;

  @Column({ name: 'discharged_at', type: 'timestamptz', nullable: true })
  dischargedAt: Date | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  destination: string | null;

  /** Set at discharge: calendar days from medically optimised to discharge. */
  @Column({ name: 'delayed_days', type: 'int', nullable: true })
  delayedDays: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;
}

/** A reason the discharge is delayed, as attributed by the IDT (append-only). */
@Entity('admission_delays')
@Check('chk_admission_delays_reason', `reason IN (${list(DELAY_REASONS)})`)
@Index('idx_admission_delays_admission', ['admissionId', 'recordedAt'])
export class AdmissionDelayEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'admission_id', type: 'uuid' })
  admissionId: string;

  @ManyToOne(() => AdmissionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admission_id', foreignKeyConstraintName: 'fk_admission_delays_admission' })
  admission?: AdmissionEntity;

  @Column({ type: 'varchar', length: 32 })
  reason: string;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;
}
