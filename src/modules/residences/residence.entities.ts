import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AdmissionEntity } from '../admissions/admission.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PatientEntity } from '../patients/patient.entity';
import { REABLEMENT_SETTINGS, RESIDENCE_KINDS, RESIDENCE_SOURCES } from './domain/residence-rules';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Where a person lived, from/to (dates in England; `to_date` exclusive, null = now). An exclusion
 * constraint keeps one person's periods from overlapping.
 */
@Entity('patient_residences')
@Check('chk_patient_residences_kind', `kind IN (${list(RESIDENCE_KINDS)})`)
@Check('chk_patient_residences_source', `source IN (${list(RESIDENCE_SOURCES)})`)
@Check('chk_patient_residences_care_home', `kind = 'care_home' OR care_home_ods IS NULL`)
@Check('chk_patient_residences_dates', `to_date IS NULL OR to_date >= from_date`)
@Index('idx_patient_residences_patient', ['patientId', 'fromDate'])
@Index('idx_patient_residences_from', ['kind', 'fromDate'])
@Exclusion('ex_patient_residences_no_overlap', `USING gist ("patient_id" WITH =, daterange("from_date", "to_date", '[)') WITH &&)`)
export class PatientResidenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_residences_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ name: 'care_home_ods', type: 'varchar', length: 12, nullable: true })
  careHomeOds: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_home_ods', foreignKeyConstraintName: 'fk_patient_residences_care_home' })
  careHome?: OrganisationEntity;

  @Column({ name: 'from_date', type: 'date' })
  fromDate: string;

  @Column({ name: 'to_date', type: 'date', nullable: true })
  toDate: string | null;

  @Column({ type: 'varchar', length: 24 })
  source: string;

  @Column({ name: 'source_id', type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;
}

/** Reablement or rehabilitation started after a hospital discharge (or a referral): the ASCOF 2B(1) cohort. */
@Entity('reablement_starts')
@Check('chk_reablement_starts_setting', `setting IN (${list(REABLEMENT_SETTINGS)})`)
@Index('uq_reablement_starts_patient_started', ['patientId', 'startedAt'], { unique: true })
export class ReablementStartEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_reablement_starts_patient' })
  patient?: PatientEntity;

  @Index('idx_reablement_starts_admission')
  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId: string | null;

  @ManyToOne(() => AdmissionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'admission_id', foreignKeyConstraintName: 'fk_reablement_starts_admission' })
  admission?: AdmissionEntity;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Column({ type: 'varchar', length: 8 })
  setting: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;
}
