import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ConfigError } from '../../config/config';
import { type RoleMap, claimsFromIdentity, parseRoleMap } from './domain/role-mapping';
import { safeReturnPath } from './domain/session-rules';
import { OidcClientService } from './oidc-client.service';
import { type NewSession, SessionsService } from './sessions.service';
import { NoServiceRoles, SignInFailed } from './sign-in-errors';

export interface LoginTransaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

export function encodeTransaction(tx: LoginTransaction): string {
  return Buffer.from(JSON.stringify(tx)).toString('base64url');
}

export function decodeTransaction(raw: string | undefined): LoginTransaction {
  try {
    const tx = JSON.parse(Buffer.from(raw ?? '', 'base64url').toString('utf8')) as Partial<LoginTransaction>;
    if (typeof tx.state === 'string' && typeof tx.nonce === 'string' && typeof tx.verifier === 'string') {
      return { state: tx.state, nonce: tx.nonce, verifier: tx.verifier, returnTo: safeReturnPath(tx.returnTo) };
    }
  } catch {
    // fall through
  }
  throw new SignInFailed('The sign-in was not started from this browser, or took too long: start again');
}

/** Dashboard sign-in: the OIDC flow, role mapping, and the server-side session it creates. */
@Injectable()
export class SignInService {
  private readonly roleMap: RoleMap;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcClientService,
    private readonly sessions: SessionsService,
  ) {
    this.roleMap = { roles: {}, teams: {}, organisations: [] };
    if (config.signIn.oidc) {
      try {
        this.roleMap = parseRoleMap(JSON.parse(readFileSync(config.signIn.roleMapFile, 'utf8')));
      } catch (e) {
        throw new ConfigError('OIDC_ROLE_MAP_FILE', `${config.signIn.roleMapFile}: ${(e as Error).message}`);
      }
    }
  }

  start(returnTo: unknown) {
    return this.oidc.start(safeReturnPath(returnTo));
  }

  /** Completes the flow and opens a session; someone whose roles map to nothing gets no session. */
  async finish(query: string, tx: LoginTransaction): Promise<{ session: NewSession; returnTo: string }> {
    const oidc = this.config.signIn.oidc;
    if (!oidc) throw new SignInFailed();
    const callback = new URL(oidc.redirectUri);
    callback.search = query;
    const claims = await this.oidc.finish(callback, tx);
    const mapped = claimsFromIdentity(claims, this.roleMap);
    if (mapped.roles.length === 0) throw new NoServiceRoles('Ask your registration authority for a role this service recognises');
    const name = typeof claims.name === 'string' ? claims.name : null;
    const session = await this.sessions.create({ sub: String(claims.sub), name }, mapped, this.config.signIn.sessionMinutes);
    return { session, returnTo: tx.returnTo };
  }
}
