import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampedEntity } from '../../database/entity-columns';

export const ORGANISATION_TYPES = [
  'gp_practice',
  'ccg',
  'acute_trust',
  'community_trust',
  'mental_health_trust',
  'local_authority',
  'care_home',
  'voluntary',
  'ambulance',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

@Entity('organisations')
@Check('chk_organisations_type', `type IN (${ORGANISATION_TYPES.map((t) => `'${t}'`).join(', ')})`)
export class OrganisationEntity extends TimestampedEntity {
  @PrimaryColumn({ name: 'ods_code', type: 'varchar', length: 12 })
  odsCode: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  type: OrganisationType;

  @Column({ type: 'varchar', length: 64, nullable: true })
  locality: string | null;
}
