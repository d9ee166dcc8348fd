import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import type { CarePlanSections } from './domain/sections';

/**
 * One immutable version of a patient's anticipatory care plan. Every save inserts the next
 * version; nothing is ever updated or deleted (a trigger refuses both) and (patient, version) is
 * unique, so two saves from the same base version cannot both succeed.
 */
@Entity('care_plan_versions')
@Check('chk_care_plan_versions_version', 'version >= 1')
@Index('uq_care_plan_versions_patient_version', ['patientId', 'version'], { unique: true })
@Index('idx_care_plan_versions_review_due', ['reviewDueAt'])
export class CarePlanVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_care_plan_versions_patient' })
  patient?: PatientEntity;

  @Column({ type: 'int' })
  version: number;

  /** The plan's sections as plain text (never HTML), see domain/sections.ts. */
  @Column({ type: 'jsonb' })
  sections: CarePlanSections;

  @Column({ name: 'review_due_at', type: 'timestamptz', nullable: true })
  reviewDueAt: Date | null;

  /** Which sections differ from the previous version (all present ones for version 1). */
  @Column({ name: 'changed_sections', type: 'varchar', length: 64, array: true, default: () => "'{}'" })
  changedSections: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 200, nullable: true })
  createdByName: string | null;

  /** The author's teams at the time: the "authoring team" that may read the plan when consent is declined. */
  @Column({ name: 'author_team_codes', type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  authorTeamCodes: string[];
}
