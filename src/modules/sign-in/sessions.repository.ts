import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StaffSessionEntity } from './staff-session.entity';

export interface NewSessionRow {
  tokenHash: string;
  sub: string;
  name: string | null;
  roles: string[];
  teams: string[];
  org: string | null;
  csrfToken: string;
  expiresAt: Date;
}

/** The staff_sessions table: one row per dashboard sign-in, found by the hash of its cookie token. */
@Injectable()
export class SessionsRepository {
  async insert(em: EntityManager, session: NewSessionRow): Promise<void> {
    await em.getRepository(StaffSessionEntity).insert({ ...session, revokedAt: null });
  }

  byTokenHash(em: EntityManager, tokenHash: string): Promise<StaffSessionEntity | null> {
    return em.getRepository(StaffSessionEntity).findOneBy({ tokenHash });
  }

  /** Sign-out: the row stays (for the record) but opens nothing from now on. */
  async revoke(em: EntityManager, tokenHash: string): Promise<void> {
    await em.query('UPDATE staff_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
  }
}
