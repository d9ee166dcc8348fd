/**
 * Mints a development token signed with AUTH_JWT_SECRET (or the documented development secret):
 *   npm run token -- --roles care_navigator --teams SKC-SPOA --org ZKCHT [--sub staff-1] [--name "Sam Jones"] [--hours 8]
 */
import { SignJWT } from 'jose';
import { loadConfig } from '../src/config/config';
import { ROLES, isRole } from '../src/common/auth/permissions';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.auth.jwtSecret) throw new Error('AUTH_JWT_SECRET is not set (JWKS tokens come from your identity provider)');
  const roles = (arg('roles') ?? '').split(',').filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (roles.length === 0 || unknown.length) throw new Error(`--roles must be a comma-separated list of: ${ROLES.join(', ')}`);
  const teams = (arg('teams') ?? '').split(',').filter(Boolean);
  const hours = Number(arg('hours') ?? 8);
  let jwt = new SignJWT({ roles, teams, org: arg('org'), name: arg('name') ?? 'Development User' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(arg('sub') ?? 'dev-user')
    .setIssuedAt()
    .setExpirationTime(`${hours}h`);
  if (config.auth.issuer) jwt = jwt.setIssuer(config.auth.issuer);
  if (config.auth.audience) jwt = jwt.setAudience(config.auth.audience);
  process.stdout.write(`${await jwt.sign(new TextEncoder().encode(config.auth.jwtSecret))}\n`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
