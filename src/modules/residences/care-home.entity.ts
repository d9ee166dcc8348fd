import { Check, Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { TeamEntity } from '../teams/team.entity';

/**
 * What the service knows of a care home (an organisation of type care_home): its registered beds
 * and the care-home support team that looks after its residents (alerted when one is admitted).
 */
@Entity('care_home_profiles')
@Check('chk_care_home_profiles_beds', `beds > 0`)
export class CareHomeProfileEntity {
  @PrimaryColumn({ name: 'ods_code', type: 'varchar', length: 12 })
  odsCode: string;

  @OneToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ods_code', foreignKeyConstraintName: 'fk_care_home_profiles_organisation' })
  organisation?: OrganisationEntity;

  @Column({ type: 'int' })
  beds: number;

  @Column({ name: 'support_team_code', type: 'varchar', length: 32, nullable: true })
  supportTeamCode: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'support_team_code', foreignKeyConstraintName: 'fk_care_home_profiles_team' })
  supportTeam?: TeamEntity;

  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
