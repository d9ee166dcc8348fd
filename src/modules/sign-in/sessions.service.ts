import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MappedClaims } from './domain/role-mapping';
import { newToken, sessionIsLive, tokenHash } from './domain/session-rules';
import { StaffSessionEntity } from './staff-session.entity';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Server-side dashboard sessions in PostgreSQL: every instance sees a sign-out at once. */
@Injectable()
export class SessionsService {
  constructor(private readonly db: DataSource) {}

  async create(identity: { sub: string; name: string | null }, claims: MappedClaims, minutes: number): Promise<NewSession> {
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(Date.now() + minutes * 60_000);
    await this.db.getRepository(StaffSessionEntity).insert({
      tokenHash: tokenHash(token),
      sub: identity.sub.slice(0, 128),
      name: identity.name?.slice(0, 200) ?? null,
      roles: claims.roles,
      teams: claims.teams,
      org: claims.org?.slice(0, 12) ?? null,
      csrfToken,
      expiresAt,
      revokedAt: null,
    });
    return { token, csrfToken, expiresAt };
  }

  /** The session a cookie token opens, or null when unknown, expired or signed out. */
  async live(token: string): Promise<StaffSessionEntity | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const s = await this.db.getRepository(StaffSessionEntity).findOneBy({ tokenHash: tokenHash(token) });
    return s && sessionIsLive(s, new Date()) ? s : null;
  }

  /** Sign-out: the row stays (for the record) but opens nothing from now on. */
  async revoke(token: string): Promise<void> {
    await this.db.query('UPDATE staff_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash(token)]);
  }
}
