import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BedStayEntity } from '../../beds/bed-stay.entity';
import { AdmissionEntity } from '../admission.entity';
import { ATTRIBUTIONS, CRITERIA_VALUES, DELAY_CODE_LIST, DISCHARGE_EVENT_KINDS, PATHWAYS, READINESS_STEPS, READINESS_VALUES } from './domain/discharge-rules';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * What every dated discharge record carries: whose discharge (a hospital admission or a community
 * bed stay, exactly one: each table's CHECK `num_nonnulls(admission_id, bed_stay_id) = 1`), notes,
 * when it took effect, and when and by whom it was recorded.
 */
abstract class DatedDischargeRecord {
  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId: string | null;

  /** A stay in a community (step-up / step-down) bed, owned by beds/. */
  @Column({ name: 'bed_stay_id', type: 'uuid', nullable: true })
  bedStayId: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** When it happened (the decision's time); the snapshot reads the state at midnight by this. */
  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;
}

/**
 * The discharge workspace's dated history (append-only): criteria-to-reside decisions, the three
 * ready-for-transfer steps, Discharge Ready Dates and the discharge pathway, each with who and
 * when. The current state of a kind is its latest entry by `effective_at`; any past state (the
 * midnight snapshot) is the latest entry at or before that instant.
 */
@Entity('discharge_events')
@Check('chk_discharge_events_kind', `kind IN (${list(DISCHARGE_EVENT_KINDS)})`)
@Check(
  'chk_discharge_events_value',
  `(kind IN (${list(READINESS_STEPS)}) AND value IN (${list(READINESS_VALUES)}) AND ready_date IS NULL)
   OR (kind = 'criteria_to_reside' AND value IN (${list(CRITERIA_VALUES)}) AND ready_date IS NULL)
   OR (kind = 'pathway' AND value IN (${list(PATHWAYS)}) AND ready_date IS NULL)
   OR (kind = 'discharge_ready_date' AND value IS NULL)`,
)
@Check('chk_discharge_events_subject', 'num_nonnulls(admission_id, bed_stay_id) = 1')
@Index('idx_discharge_events_admission', ['admissionId', 'kind', 'effectiveAt'])
@Index('idx_discharge_events_bed_stay', ['bedStayId', 'kind', 'effectiveAt'])
export class DischargeEventEntity extends DatedDischargeRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => AdmissionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admission_id', foreignKeyConstraintName: 'fk_discharge_events_admission' })
  admission?: AdmissionEntity;

  @ManyToOne(() => BedStayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bed_stay_id', foreignKeyConstraintName: 'fk_discharge_events_bed_stay' })
  bedStay?: BedStayEntity;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  value: string | null;

  /** The Discharge Ready Date (kind discharge_ready_date); null clears it (meets the criteria again). */
  @Column({ name: 'ready_date', type: 'date', nullable: true })
  readyDate: string | null;


  @Column({ name: 'recorded_by_name', type: 'varchar', length: 200, nullable: true })
  recordedByName: string | null;
}

/** A coded reason for discharge delay with its attribution (append-only; the current one is the latest). */
@Entity('discharge_delays')
@Check('chk_discharge_delays_code', `code IN (${list(DELAY_CODE_LIST)})`)
@Check('chk_discharge_delays_attribution', `attribution IN (${list(ATTRIBUTIONS)})`)
@Check('chk_discharge_delays_subject', 'num_nonnulls(admission_id, bed_stay_id) = 1')
@Index('idx_discharge_delays_admission', ['admissionId', 'effectiveAt'])
@Index('idx_discharge_delays_bed_stay', ['bedStayId', 'effectiveAt'])
export class DischargeDelayEntity extends DatedDischargeRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => AdmissionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admission_id', foreignKeyConstraintName: 'fk_discharge_delays_admission' })
  admission?: AdmissionEntity;

  @ManyToOne(() => BedStayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bed_stay_id', foreignKeyConstraintName: 'fk_discharge_delays_bed_stay' })
  bedStay?: BedStayEntity;

  @Column({ type: 'varchar', length: 48 })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  attribution: string;
}

/**
 * One row per day whose midnight snapshot has been taken: the primary key is what makes the
 * snapshot happen exactly once per day, whatever the number of instances.
 */
@Entity('discharge_snapshot_days')
export class DischargeSnapshotDayEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt: Date;

  /** Adults delayed at midnight by the DTOC definition (ready for transfer, still in). */
  @Column({ name: 'dtoc_patients', type: 'int' })
  dtocPatients: number;

  /** Adults at midnight past their Discharge Ready Date (no longer meeting the criteria to reside). */
  @Column({ name: 'nctr_patients', type: 'int' })
  nctrPatients: number;
}

/**
 * A patient delayed at midnight at the end of `day` (aged 18+): one delayed day, in a hospital
 * admission or a community bed stay (exactly one). The key is (day, patient): the database refuses
 * a second row for the same patient on the same day, whatever the bed; the subject is unique per
 * day too.
 */
@Entity('discharge_delay_snapshots')
@Check('chk_discharge_delay_snapshots_setting', `setting IN ('acute', 'community')`)
@Check('chk_discharge_delay_snapshots_attribution', `attribution IS NULL OR attribution IN (${list(ATTRIBUTIONS)})`)
@Check('chk_discharge_delay_snapshots_flags', `dtoc OR nctr`)
@Check('chk_discharge_delay_snapshots_subject', `num_nonnulls(admission_id, bed_stay_id) = 1 AND (bed_stay_id IS NULL OR setting = 'community')`)
@Index('idx_discharge_delay_snapshots_practice', ['practiceOds', 'day'])
@Index('uq_discharge_delay_snapshots_admission', ['day', 'admissionId'], { unique: true })
@Index('uq_discharge_delay_snapshots_bed_stay', ['day', 'bedStayId'], { unique: true })
export class DischargeDelaySnapshotEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  /** The patient at the snapshot (no foreign key: a record of that midnight, kept as it was through a later merge). */
  @PrimaryColumn({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId: string | null;

  @ManyToOne(() => AdmissionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admission_id', foreignKeyConstraintName: 'fk_discharge_delay_snapshots_admission' })
  admission?: AdmissionEntity;

  @Column({ name: 'bed_stay_id', type: 'uuid', nullable: true })
  bedStayId: string | null;

  @ManyToOne(() => BedStayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bed_stay_id', foreignKeyConstraintName: 'fk_discharge_delay_snapshots_bed_stay' })
  bedStay?: BedStayEntity;

  @ManyToOne(() => DischargeSnapshotDayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'day', foreignKeyConstraintName: 'fk_discharge_delay_snapshots_day' })
  snapshotDay?: DischargeSnapshotDayEntity;

  /** The hospital's ODS code, or for a bed stay the ODS code of the organisation running the bed unit. */
  @Column({ name: 'hospital_ods', type: 'varchar', length: 12 })
  hospitalOds: string;

  @Column({ type: 'varchar', length: 12 })
  setting: string;

  /** The patient's registered practice at the snapshot (for practice and locality filters). */
  @Column({ name: 'practice_ods', type: 'varchar', length: 12, nullable: true })
  practiceOds: string | null;

  @Column({ type: 'int' })
  age: number;

  /** Delayed by the DTOC definition: ready for transfer at midnight. */
  @Column({ type: 'boolean' })
  dtoc: boolean;

  /** Past the Discharge Ready Date at midnight (no criteria to reside). */
  @Column({ type: 'boolean' })
  nctr: boolean;

  @Column({ name: 'ready_since', type: 'timestamptz', nullable: true })
  readySince: Date | null;

  @Column({ name: 'discharge_ready_date', type: 'date', nullable: true })
  dischargeReadyDate: string | null;

  @Column({ name: 'delay_code', type: 'varchar', length: 48, nullable: true })
  delayCode: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  attribution: string | null;

  @Column({ type: 'varchar', length: 1, nullable: true })
  pathway: string | null;
}
