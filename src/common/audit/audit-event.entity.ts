import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'allowed' | 'denied' | 'break_glass';

/**
 * Append-only (a trigger refuses UPDATE and DELETE). Written in the same transaction as the change.
 * Partitioned by month on `at` (migration 1796000000000; AuditPartitionsJob keeps months ahead), so
 * the key is (id, at). Listed newest first by (at, id): each index ends in those two columns, so
 * every filter starts at its newest row (migration 1796400000000).
 */
@Entity('audit_events')
@Check('chk_audit_outcome', `outcome IN ('allowed', 'denied', 'break_glass')`)
@Index('idx_audit_nhs_number', ['nhsNumber', 'at', 'id'])
@Index('idx_audit_actor', ['actorSub', 'at', 'id'])
@Index('idx_audit_at', ['at', 'id'])
// Only the rows that record an admission's estimated discharge date (EDD_FIRST_SET; migration 1796500000000).
@Index('idx_audit_edd_set', ['at'], { where: "action = 'admission.estimated_discharge' AND outcome = 'allowed' AND resource_type = 'admission'" })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @PrimaryColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at: Date;

  @Column({ name: 'actor_sub', type: 'varchar', length: 128 })
  actorSub: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles: string[];

  @Column({ name: 'actor_org', type: 'varchar', length: 12, nullable: true })
  actorOrg: string | null;

  @Column({ name: 'actor_teams', type: 'text', array: true })
  actorTeams: string[];

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'nhs_number', type: 'char', length: 10, nullable: true })
  nhsNumber: string | null;

  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId: string | null;

  @Column({ name: 'resource_type', type: 'varchar', length: 64 })
  resourceType: string;

  @Column({ name: 'resource_id', type: 'varchar', length: 128, nullable: true })
  resourceId: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 128, nullable: true })
  correlationId: string | null;
}
