import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A dashboard sign-in. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
 * table cannot be replayed as cookies. Sign-out sets revoked_at: from then on the cookie opens
 * nothing, on every instance (the row is read on each request).
 */
@Entity('staff_sessions')
@Index('idx_staff_sessions_expires', ['expiresAt'])
@Check('chk_staff_sessions_expiry', '"expires_at" > "created_at"')
export class StaffSessionEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64, primaryKeyConstraintName: 'pk_staff_sessions' })
  tokenHash: string;

  @Column({ type: 'varchar', length: 128 })
  sub: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 64, array: true, default: () => "'{}'" })
  roles: string[];

  @Column({ type: 'varchar', length: 64, array: true, default: () => "'{}'" })
  teams: string[];

  @Column({ type: 'varchar', length: 12, nullable: true })
  org: string | null;

  /** The synchronizer token the dashboard sends back (X-CSRF-Token) with anything that changes data. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
