import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { TeamEntity } from '../teams/team.entity';
import { VersionedEntity } from '../../database/entity-columns';

export interface Address {
  line1: string;
  line2?: string;
  town?: string;
  postcode?: string;
}

/**
 * A patient. Keyed on the NHS number for every API; the internal uuid lets a referral be taken
 * for someone whose number is not yet known (needsTracing) and traced later.
 */
@Entity('patients')
@Index('idx_patients_family_dob', { synchronize: false })
@Check('chk_patients_nhs_number', `nhs_number ~ '^[0-9]{10}$'`)
@Check('chk_patients_identifiable', `nhs_number IS NOT NULL OR needs_tracing`)
@Check('chk_patients_nhs_number_status', `nhs_number_status IN ('01', '02', '03', '04', '05', '06', '07', '08')`)
@Check('chk_patients_not_merged_into_self', `merged_into_id IS NULL OR merged_into_id <> id`)
@Index('idx_patients_trace_due', { synchronize: false })
@Index('idx_patients_pds_recheck', { synchronize: false })
// a practice's living population and the deceased, counted from the index (migration 1796300000000)
@Index('idx_patients_living_practice', { synchronize: false })
@Index('idx_patients_deceased', { synchronize: false })
// a practice's living, numbered patients with id and NHS number, read index-only by MDT agenda sources (migration 1796600000000)
@Index('idx_patients_living_numbered_practice', { synchronize: false })
export class PatientEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_patients_nhs_number', { unique: true })
  @Column({ name: 'nhs_number', type: 'char', length: 10, nullable: true })
  nhsNumber: string | null;

  /** NHS number status indicator code, 01 (present and verified) .. 08 (modules/identity/domain/nhs-number-status.ts). */
  @Column({ name: 'nhs_number_status', type: 'char', length: 2, default: '02' })
  nhsNumberStatus: string;

  @Column({ name: 'needs_tracing', type: 'boolean', default: false })
  needsTracing: boolean;

  @Column({ name: 'given_name', type: 'varchar', length: 100 })
  givenName: string;

  @Column({ name: 'family_name', type: 'varchar', length: 100 })
  familyName: string;

  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  sex: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address: Address | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Index('idx_patients_practice')
  @Column({ name: 'gp_practice_ods', type: 'varchar', length: 12, nullable: true })
  gpPracticeOds: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'gp_practice_ods', foreignKeyConstraintName: 'fk_patients_practice' })
  gpPractice?: OrganisationEntity;

  @Column({ name: 'care_home_resident', type: 'boolean', default: false })
  careHomeResident: boolean;

  @Column({ name: 'lives_alone', type: 'boolean', default: false })
  livesAlone: boolean;

  @Column({ name: 'deceased_at', type: 'timestamptz', nullable: true })
  deceasedAt: Date | null;

  @Index('idx_patients_care_coordinator_team')
  @Column({ name: 'care_coordinator_team_code', type: 'varchar', length: 32, nullable: true })
  careCoordinatorTeamCode: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_coordinator_team_code', foreignKeyConstraintName: 'fk_patients_care_coordinator_team' })
  careCoordinatorTeam?: TeamEntity;

  @Column({ name: 'care_coordinator_staff_id', type: 'varchar', length: 128, nullable: true })
  careCoordinatorStaffId: string | null;

  @Column({ name: 'care_coordinator_name', type: 'varchar', length: 200, nullable: true })
  careCoordinatorName: string | null;

  /** Set when this record was folded into another (POST /patients/{nhsNumber}/merge): reads answer the survivor. */
  @Index('idx_patients_merged_into')
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_patients_merged_into' })
  mergedInto?: PatientEntity;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  /** Background tracing: when the next attempt is due (null: not scheduled), and how many were made. */
  @Column({ name: 'trace_next_at', type: 'timestamptz', nullable: true })
  traceNextAt: Date | null;

  @Column({ name: 'trace_attempts', type: 'int', default: 0 })
  traceAttempts: number;

  /** When PDS last confirmed the date of death and registered practice (null: never); see PdsRecheckService. */
  @Column({ name: 'pds_checked_at', type: 'timestamptz', nullable: true })
  pdsCheckedAt: Date | null;
}
