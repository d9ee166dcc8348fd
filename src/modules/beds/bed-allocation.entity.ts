import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BedRequestEntity } from './bed-request.entity';
import { BedStayEntity } from './bed-stay.entity';
import { BedUnitEntity } from './bed-unit.entity';
import { BedEntity } from './bed.entity';
import { ALLOCATION_REASONS, AllocationReason } from './domain/allocation-policy';
import { ALLOCATION_TRIGGERS, AllocationTrigger, CLOSE_CAUSES, CloseCause, DECISION_EVENTS, DIRECTIONS, DecisionEvent, Direction } from './domain/types';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The decision log: every offer the allocator made, why, the mix at that moment, and whether the
 * under-target direction had anyone waiting (so a miss caused by demand is told apart from one
 * caused by the policy). Written in the transaction that makes the offer. Requests the service
 * closes without a bed (expired, patient admitted to hospital) are logged too, as event 'closed'.
 */
@Entity('bed_allocations')
@Check('chk_bed_allocations_reason', `reason IN (${list([...ALLOCATION_REASONS, ...CLOSE_CAUSES])})`)
@Check('chk_bed_allocations_event', `event IN (${list(DECISION_EVENTS)})`)
@Check('chk_bed_allocations_offer_has_bed', `event <> 'offer' OR (unit_id IS NOT NULL AND bed_id IS NOT NULL AND stay_id IS NOT NULL)`)
@Check('chk_bed_allocations_trigger', `trigger IN (${list(ALLOCATION_TRIGGERS)})`)
@Check('chk_bed_allocations_direction', `direction IN (${list(DIRECTIONS)})`)
@Index('idx_bed_allocations_unit_at', ['unitId', 'at'])
@Index('idx_bed_allocations_at', ['at'])
export class BedAllocationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 16, default: 'offer' })
  event: DecisionEvent;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @ManyToOne(() => BedUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_bed_allocations_unit' })
  unit?: BedUnitEntity;

  @Column({ name: 'bed_id', type: 'uuid', nullable: true })
  bedId: string | null;

  @ManyToOne(() => BedEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bed_id', foreignKeyConstraintName: 'fk_bed_allocations_bed' })
  bed?: BedEntity;

  @Index('idx_bed_allocations_request')
  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => BedRequestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_bed_allocations_request' })
  request?: BedRequestEntity;

  @Column({ name: 'stay_id', type: 'uuid', nullable: true })
  stayId: string | null;

  @ManyToOne(() => BedStayEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'fk_bed_allocations_stay' })
  stay?: BedStayEntity;

  @Column({ type: 'varchar', length: 16 })
  direction: Direction;

  @Column({ type: 'varchar', length: 32 })
  reason: AllocationReason | CloseCause;

  @Column({ type: 'varchar', length: 32 })
  trigger: AllocationTrigger;

  @Column({ name: 'step_down_share_before', type: 'double precision', nullable: true })
  stepDownShareBefore: number | null;

  @Column({ type: 'double precision' })
  target: number;

  @Column({ name: 'under_target_direction', type: 'varchar', length: 16, nullable: true })
  underTargetDirection: Direction | null;

  @Column({ name: 'under_target_direction_waiting', type: 'boolean', nullable: true })
  underTargetDirectionWaiting: boolean | null;

  @Column({ name: 'eligible_step_down', type: 'int' })
  eligibleStepDown: number;

  @Column({ name: 'eligible_step_up', type: 'int' })
  eligibleStepUp: number;

  @Column({ name: 'ineligible_waiting', type: 'int' })
  ineligibleWaiting: number;

  @Column({ name: 'waited_seconds', type: 'int' })
  waitedSeconds: number;

  @Column({ name: 'idle_seconds_while_waiting', type: 'int' })
  idleSecondsWhileWaiting: number;

  /** The under-target direction had someone eligible waiting, but only at a lower clinical priority. */
  @Column({ name: 'against_mix_for_priority', type: 'boolean', default: false })
  againstMixForPriority: boolean;
}
