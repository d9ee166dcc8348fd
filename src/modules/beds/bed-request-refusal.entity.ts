import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Bed requests refused when they arrived because no bed could ever take them (no bed with the
 * needed capabilities, or none whose unit accepts the purpose): unmet demand for planning. Counts
 * only, no patient: the refused request itself changed nothing and is not kept.
 */
@Entity('bed_request_refusals')
@Check('chk_bed_request_refusals_direction', `direction IN ('step_up', 'step_down')`)
@Check('chk_bed_request_refusals_cause', `cause IN ('no_capable_bed', 'purpose_not_accepted')`)
@Index('idx_bed_request_refusals_at', ['refusedAt'])
export class BedRequestRefusalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'refused_at', type: 'timestamptz' })
  refusedAt: Date;

  @Column({ type: 'varchar', length: 9 })
  direction: string;

  @Column({ type: 'varchar', length: 8 })
  priority: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  needs: string[];

  @Column({ type: 'varchar', length: 24 })
  cause: string;

  @Column({ name: 'requested_by_team', type: 'varchar', length: 32, nullable: true })
  requestedByTeam: string | null;
}
