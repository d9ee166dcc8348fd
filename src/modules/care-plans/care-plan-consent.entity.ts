import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { CONSENT_DECISIONS, CONSENT_SCOPES } from './domain/consent';

/**
 * The patient's decisions about sharing their care plan, newest last. Append-only: the current
 * decision is the latest row, and the history of who recorded what and when stays.
 */
@Entity('care_plan_consents')
@Check('chk_care_plan_consents_decision', `decision IN (${CONSENT_DECISIONS.map((d) => `'${d}'`).join(', ')})`)
@Check('chk_care_plan_consents_scope', `scope IN (${CONSENT_SCOPES.map((d) => `'${d}'`).join(', ')})`)
@Index('idx_care_plan_consents_patient', ['patientId', 'createdAt'])
@Check('chk_care_plan_consents_best_interests', `decision <> 'best_interests' OR (decision_maker IS NOT NULL AND health_and_welfare_lpa IS NOT NULL)`)
export class CarePlanConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_care_plan_consents_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 16 })
  decision: string;

  @Column({ type: 'varchar', length: 32 })
  scope: string;

  /** Who took the decision from the patient (free text name), and when. */
  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  /** best_interests only: who made the decision (name and role). */
  @Column({ name: 'decision_maker', type: 'varchar', length: 200, nullable: true })
  decisionMaker: string | null;

  /** best_interests only: whether a lasting power of attorney for health and welfare exists. */
  @Column({ name: 'health_and_welfare_lpa', type: 'boolean', nullable: true })
  healthAndWelfareLpa: boolean | null;

  /** best_interests only: the decision maker is that attorney (required when an LPA exists). */
  @Column({ name: 'decision_maker_is_attorney', type: 'boolean', nullable: true })
  decisionMakerIsAttorney: boolean | null;
}
