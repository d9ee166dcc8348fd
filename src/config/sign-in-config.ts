import { ConfigError, type Env, str } from './env';

/** Staff sign-in through an OpenID Connect provider (docs/sign-in.md). Off unless OIDC_ISSUER is set. */
export interface SignInConfig {
  oidc?: { issuer: string; clientId: string; clientSecret: string; redirectUri: string };
  /** National RBAC to roles/teams/org (JSON in the repository). */
  roleMapFile: string;
  /** How long a dashboard session lasts before the person signs in again. */
  sessionMinutes: number;
  /** Secure cookies: on outside local development (production, or an https redirect URI). */
  cookieSecure: boolean;
}

function urlOf(name: string, raw: string): URL {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
    return u;
  } catch {
    throw new ConfigError(name, 'must be an http(s) URL');
  }
}

export function signInConfig(env: Env, nodeEnv: 'development' | 'test' | 'production'): SignInConfig {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
  const [issuer, clientId, clientSecret, redirectUri] = names.map((n) => str(env, n));
  let oidc: SignInConfig['oidc'];
  if (issuer || clientId || clientSecret || redirectUri) {
    const missing = names.find((_, i) => ![issuer, clientId, clientSecret, redirectUri][i]);
    if (missing) throw new ConfigError(missing, 'must be set with the other OIDC_* variables');
    const iss = urlOf('OIDC_ISSUER', issuer as string);
    const redirect = urlOf('OIDC_REDIRECT_URI', redirectUri as string);
    if (nodeEnv === 'production' && (iss.protocol !== 'https:' || redirect.protocol !== 'https:')) {
      throw new ConfigError(iss.protocol !== 'https:' ? 'OIDC_ISSUER' : 'OIDC_REDIRECT_URI', 'must use https in production');
    }
    oidc = { issuer: issuer as string, clientId: clientId as string, clientSecret: clientSecret as string, redirectUri: redirectUri as string };
  }
  const minutes = str(env, 'SESSION_MAX_AGE_MINUTES') ?? '480';
  if (!/^\d+$/.test(minutes) || Number(minutes) < 5 || Number(minutes) > 24 * 60) throw new ConfigError('SESSION_MAX_AGE_MINUTES', 'must be between 5 and 1440');
  const secureRaw = str(env, 'SESSION_COOKIE_SECURE');
  if (secureRaw !== undefined && !/^(true|false)$/i.test(secureRaw)) throw new ConfigError('SESSION_COOKIE_SECURE', 'must be true or false');
  const cookieSecure = secureRaw !== undefined ? /^true$/i.test(secureRaw) : nodeEnv === 'production' || (redirectUri ?? '').startsWith('https:');
  if (nodeEnv === 'production' && !cookieSecure) throw new ConfigError('SESSION_COOKIE_SECURE', 'cannot be false in production');
  return { oidc, roleMapFile: str(env, 'OIDC_ROLE_MAP_FILE') ?? 'config/nrbac-role-map.json', sessionMinutes: Number(minutes), cookieSecure };
}
