import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { AGREEMENT_ROLES } from './domain/plan-status';

/**
 * Someone agreed one version of the plan (the GP as accountable lead, the patient or their
 * representative, a Pro-Active Care episode or an MDT outcome). Append-only; an agreement belongs
 * to the version it was given for, so a later version is a draft until agreed again.
 */
@Entity('care_plan_agreements')
@Check('chk_care_plan_agreements_role', `role IN (${AGREEMENT_ROLES.map((r) => `'${r}'`).join(', ')})`)
@Index('idx_care_plan_agreements_patient_version', ['patientId', 'version'])
export class CarePlanAgreementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_care_plan_agreements_patient' })
  patient?: PatientEntity;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 32 })
  role: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'patient_involved', type: 'boolean' })
  patientInvolved: boolean;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  /** The recorder's name (token), shown beside who agreed. */
  @Column({ name: 'recorded_by_name', type: 'varchar', length: 200, nullable: true })
  recordedByName: string | null;

  /** Set when someone other than a GP of the registered practice recorded the GP's agreement: the GP it was recorded for. */
  @Column({ name: 'recorded_on_behalf_of', type: 'varchar', length: 200, nullable: true })
  recordedOnBehalfOf: string | null;
}
