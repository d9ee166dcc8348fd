import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';

/**
 * One import of a practice's risk stratification output. Re-sending the same content for the same
 * practice, model and run date is a no-op: the unique content hash makes it one row, and the
 * stored answer (accepted, rejected rows) is replayed.
 */
@Entity('risk_score_imports')
@Index('uq_risk_score_imports_content', ['practiceOds', 'model', 'computedAt', 'contentHash'], { unique: true })
export class RiskScoreImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'practice_ods', type: 'varchar', length: 12 })
  practiceOds: string;

  @Column({ type: 'varchar', length: 64 })
  model: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;

  @Column({ type: 'varchar', length: 8 })
  format: string;

  @Column({ type: 'integer', default: 0 })
  accepted: number;

  /** [{ row, nhsNumber, code, message }] as answered: the first MAX_REJECTIONS_LISTED rejected rows by row. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  rejected: unknown[];

  /** Every rejected row, listed or not. */
  @Column({ name: 'rejected_count', type: 'integer', default: 0 })
  rejectedCount: number;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * Every risk score ever received, with its model and run date: "who was high risk on a given
 * day" is answered from here. One score per patient per model per run.
 */
@Entity('risk_scores')
@Index('uq_risk_scores_patient_model_run', ['patientId', 'model', 'computedAt'], { unique: true })
@Index('idx_risk_scores_practice_run', ['practiceOds', 'computedAt'])
export class RiskScoreEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_risk_scores_patient' })
  patient?: PatientEntity;

  /** The practice that supplied the score (the patient's practice at the time). */
  @Column({ name: 'practice_ods', type: 'varchar', length: 12 })
  practiceOds: string;

  @Column({ type: 'varchar', length: 64 })
  model: string;

  @Column({ name: 'model_version', type: 'varchar', length: 32, nullable: true })
  modelVersion: string | null;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @Column({ type: 'double precision' })
  score: number;

  /** Imported factors as sent, or the built-in model's [{ name, value, points }]. */
  @Column({ type: 'jsonb', nullable: true })
  factors: unknown;

  @Index('idx_risk_scores_import')
  @Column({ name: 'import_id', type: 'uuid', nullable: true })
  importId: string | null;

  @ManyToOne(() => RiskScoreImportEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'fk_risk_scores_import' })
  import?: RiskScoreImportEntity;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * Each patient's latest score (by run date; the newest run wins whatever its model), kept in step
 * with risk_scores on every write, with the practice that supplied it and the NHS number. The
 * caseload ranks a practice from one index-only scan of idx_risk_latest_practice_rank
 * (practice_ods, score DESC, nhs_number: exactly the caseload order) instead of reading every
 * patient's history. Hand-written in the migration (TypeORM cannot describe DESC/INCLUDE).
 */
@Entity('risk_latest')
@Index('idx_risk_latest_practice_rank', { synchronize: false })
export class RiskLatestEntity {
  @PrimaryColumn({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_risk_latest_patient' })
  patient?: PatientEntity;

  @Column({ name: 'practice_ods', type: 'varchar', length: 12 })
  practiceOds: string;

  @Column({ name: 'nhs_number', type: 'char', length: 10 })
  nhsNumber: string;

  @Column({ name: 'score_id', type: 'bigint' })
  scoreId: string;

  @Column({ type: 'double precision' })
  score: number;

  @Column({ type: 'varchar', length: 64 })
  model: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
