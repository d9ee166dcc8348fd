import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ReferralEntity } from './referral.entity';

/**
 * A referral's history: every change, who made it, from what, to what and why. Append-only (a
 * trigger refuses UPDATE and DELETE). `from_value`/`to_value` are statuses, urgencies or team
 * codes depending on `action`.
 */
@Entity('referral_events')
@Index('idx_referral_events_referral', ['referralId', 'id'])
export class ReferralEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_referral_events_referral' })
  referral?: ReferralEntity;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at: Date;

  @Column({ name: 'actor_sub', type: 'varchar', length: 128 })
  actorSub: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ name: 'from_value', type: 'varchar', length: 32, nullable: true })
  fromValue: string | null;

  @Column({ name: 'to_value', type: 'varchar', length: 32, nullable: true })
  toValue: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'team_code', type: 'varchar', length: 32, nullable: true })
  teamCode: string | null;

  @Column({ name: 'destination_id', type: 'uuid', nullable: true })
  destinationId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;
}
