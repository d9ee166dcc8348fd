import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Requests counted per bucket (a user's token subject, or a client address) per fixed one-minute
 * window, shared by every instance. UNLOGGED (migration): counters need no crash safety and no
 * replica; a crash or a failover only resets them.
 */
@Entity('rate_limit_counters')
@Index('idx_rate_limit_counters_window', ['windowStart'])
export class RateLimitCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_rate_limit_counters' })
  bucket: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz', primaryKeyConstraintName: 'pk_rate_limit_counters' })
  windowStart: Date;

  @Column({ type: 'int' })
  hits: number;
}
