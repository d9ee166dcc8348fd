import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AREA_TYPES } from './domain/population-rows';

/**
 * A mid-year population estimate (ONS style) for one age band of one practice or locality in one
 * year: the denominators of every per-100,000 rate. Re-importing a band replaces it.
 */
@Entity('population_estimates')
@Index('uq_population_estimates_band', ['year', 'areaType', 'areaCode', 'ageFrom'], { unique: true })
@Check('chk_population_estimates_area_type', `area_type IN (${AREA_TYPES.map((t) => `'${t}'`).join(', ')})`)
@Check('chk_population_estimates_band', `age_from >= 0 AND (age_to IS NULL OR age_to >= age_from) AND persons >= 0`)
export class PopulationEstimateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ name: 'area_type', type: 'varchar', length: 16 })
  areaType: string;

  @Column({ name: 'area_code', type: 'varchar', length: 64 })
  areaCode: string;

  @Column({ name: 'age_from', type: 'int' })
  ageFrom: number;

  /** Inclusive; null = "and over". */
  @Column({ name: 'age_to', type: 'int', nullable: true })
  ageTo: number | null;

  @Column({ type: 'int' })
  persons: number;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;

  @Column({ name: 'imported_by', type: 'varchar', length: 128 })
  importedBy: string;
}
