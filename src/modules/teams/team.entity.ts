import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import type { OperatingHours } from './domain/operating-hours';
import { TimestampedEntity } from '../../database/entity-columns';

export const TEAM_TYPES = [
  'single_point_of_access',
  'neighbourhood_care_team',
  'rapid_response',
  'intermediate_care',
  'integrated_discharge_team',
  'dementia_crisis',
  'falls_prevention',
  'care_home_support',
  'social_care',
  'mental_health',
  'voluntary_sector',
] as const;
export type TeamType = (typeof TEAM_TYPES)[number];

@Entity('teams')
@Check('chk_teams_type', `type IN (${TEAM_TYPES.map((t) => `'${t}'`).join(', ')})`)
export class TeamEntity extends TimestampedEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  type: TeamType;

  @Index('idx_teams_organisation')
  @Column({ name: 'organisation_ods', type: 'varchar', length: 12 })
  organisationOds: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_ods', foreignKeyConstraintName: 'fk_teams_organisation' })
  organisation?: OrganisationEntity;

  @Column({ type: 'varchar', length: 64, nullable: true })
  locality: string | null;

  @Column({ name: 'operating_hours', type: 'jsonb' })
  operatingHours: OperatingHours;
}

/** Which GP practices a team serves; the basis of the "aligned to the patient's practice" relationship. */
@Entity('team_practices')
@Index('idx_team_practices_practice', ['practiceOds'])
export class TeamPracticeEntity {
  @PrimaryColumn({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_code', foreignKeyConstraintName: 'fk_team_practices_team' })
  team?: TeamEntity;

  @PrimaryColumn({ name: 'practice_ods', type: 'varchar', length: 12 })
  practiceOds: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practice_ods', foreignKeyConstraintName: 'fk_team_practices_practice' })
  practice?: OrganisationEntity;
}
