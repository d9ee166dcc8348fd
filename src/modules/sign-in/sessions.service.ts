import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import type { MappedClaims } from './domain/role-mapping';
import { newToken, sessionIsLive, tokenHash } from './domain/session-rules';
import { SessionsRepository } from './sessions.repository';
import type { StaffSessionEntity } from './staff-session.entity';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Server-side dashboard sessions in PostgreSQL: every instance sees a sign-out at once. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async create(identity: { sub: string; name: string | null }, claims: MappedClaims, minutes: number): Promise<NewSession> {
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + minutes * 60_000);
    await this.repo.insert(this.db.manager, {
      tokenHash: tokenHash(token),
      sub: identity.sub.slice(0, 128),
      name: identity.name?.slice(0, 200) ?? null,
      roles: claims.roles,
      teams: claims.teams,
      org: claims.org?.slice(0, 12) ?? null,
      csrfToken,
      expiresAt,
    });
    return { token, csrfToken, expiresAt };
  }

  /** The session a cookie token opens, or null when unknown, expired or signed out. */
  async live(token: string): Promise<StaffSessionEntity | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const s = await this.repo.byTokenHash(this.db.manager, tokenHash(token));
    return s && sessionIsLive(s, this.clock.now()) ? s : null;
  }

  /** Sign-out: the row stays (for the record) but opens nothing from now on. */
  async revoke(token: string): Promise<void> {
    await this.repo.revoke(this.db.manager, tokenHash(token));
  }
}
