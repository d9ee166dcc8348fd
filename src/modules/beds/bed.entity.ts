import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BedUnitEntity } from './bed-unit.entity';
import { BED_STATES, BedState, Capability } from './domain/types';
import { TimestampedEntity } from '../../database/entity-columns';

/**
 * A bed. `state` is what people set (open, cleaning, closed); reserved and occupied derive from the
 * bed's active stay, so the two can never disagree. `version` is the ETag: it moves on every change
 * of the bed's board status, including offers, admissions and discharges.
 */
@Entity('beds')
@Check('chk_beds_state', `state IN (${BED_STATES.map((s) => `'${s}'`).join(', ')})`)
@Index('uq_beds_unit_label', ['unitId', 'label'], { unique: true })
@Index('idx_beds_state_unit', ['state', 'unitId'])
export class BedEntity extends TimestampedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => BedUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_beds_unit' })
  unit?: BedUnitEntity;

  @Column({ type: 'varchar', length: 32 })
  label: string;

  @Column({ type: 'text', array: true })
  capabilities: Capability[];

  @Column({ type: 'varchar', length: 16 })
  state: BedState;

  @Column({ name: 'closed_reason', type: 'varchar', length: 200, nullable: true })
  closedReason: string | null;

  /** When the bed last became able to take someone (for idle time while someone waited). */
  @Column({ name: 'free_since', type: 'timestamptz', nullable: true })
  freeSince: Date | null;

  @Column({ type: 'int' })
  version: number;
}
