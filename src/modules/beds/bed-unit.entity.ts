import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { TeamEntity } from '../teams/team.entity';
import { MIX_BASES, MIX_STATUSES, MixBasis, MixStatus, Purpose, SETTINGS, Setting } from './domain/types';
import { TimestampedEntity } from '../../database/entity-columns';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** A bed unit (community hospital ward, care home unit, extra care housing, integrated care centre). */
@Entity('bed_units')
@Check('chk_bed_units_setting', `setting IN (${list(SETTINGS)})`)
@Check('chk_bed_units_target', 'step_down_target >= 0 AND step_down_target <= 1')
@Check('chk_bed_units_window', 'window_days >= 1 AND window_days <= 365')
@Check('chk_bed_units_mix_status', `mix_status IN (${list(MIX_STATUSES)})`)
@Check('chk_bed_units_mix_basis', `mix_basis IN (${list(MIX_BASES)})`)
@Index('uq_bed_units_organisation_name', ['organisationOds', 'name'], { unique: true })
export class BedUnitEntity extends TimestampedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'organisation_ods', type: 'varchar', length: 12 })
  organisationOds: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_ods', foreignKeyConstraintName: 'fk_bed_units_organisation' })
  organisation?: OrganisationEntity;

  /** The unit's team: an active stay gives it a legitimate relationship with the patient. */
  @Index('idx_bed_units_team')
  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_bed_units_team' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 32 })
  setting: Setting;

  @Index('idx_bed_units_locality')
  @Column({ type: 'varchar', length: 64 })
  locality: string;

  @Column({ name: 'step_down_target', type: 'double precision' })
  stepDownTarget: number;

  @Column({ name: 'window_days', type: 'int' })
  windowDays: number;

  /** What the unit's mix is measured on; null: BEDS_MIX_BASIS. */
  @Column({ name: 'mix_basis', type: 'varchar', length: 16, nullable: true })
  mixBasis: MixBasis | null;

  /** null: any purpose; otherwise only requests with one of these purposes (community hospitals). */
  @Column({ name: 'allowed_purposes', type: 'text', array: true, nullable: true })
  allowedPurposes: Purpose[] | null;

  /** Where the mix last stood against its control limits, and how many excursions so far (one alert each). */
  @Column({ name: 'mix_status', type: 'varchar', length: 16, default: 'on_target' })
  mixStatus: MixStatus;

  @Column({ name: 'mix_excursions', type: 'int', default: 0 })
  mixExcursions: number;
}
