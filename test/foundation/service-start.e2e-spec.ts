import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../support/app';
import { ChildService, spawnService, waitForHealth } from '../support/child-service';
import { freePort, freePorts } from '../../scripts/free-ports';

/**
 * The newcomer's path, for real: the built service on its embedded PostgreSQL under DATA_DIR,
 * first start migrates and loads the demo data, a patient written survives a restart.
 * (Runs the compiled service in a child process, as `npm start` does.)
 */
const root = join(__dirname, '..', '..');
const buildDir = join(root, '.test-build');
const SECRET = 'service-start-test-secret-long-enough-for-hs256';

function startService(env: Record<string, string>): ChildService {
  return spawnService(process.execPath, [join(buildDir, 'src', 'main.js')], root, env);
}

async function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start: embedded PostgreSQL, first-start seed, data survives restart', () => {
  let dataDir: string;
  beforeAll(async () => {
    // A clean build: stale compiled migrations from deleted sources would run at start.
    rmSync(buildDir, { recursive: true, force: true });
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir], { cwd: root });
    dataDir = await mkdtemp(join(tmpdir(), 'cc-start-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, seeds once, serves the README flow and keeps data across a restart', async () => {
    const [port, pgPort] = await freePorts(2);
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      SEED_POPULATION: '200',
      AUTH_JWT_SECRET: SECRET,
    };
    const base = `http://127.0.0.1:${port}/api/v1`;
    const nav = await signToken({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SKC-SPOA'], org: 'ZKCHT' }, { secret: SECRET });
    const headers = { Authorization: `Bearer ${nav}`, 'Content-Type': 'application/json' };

    const first = startService(env);
    try {
      await waitForHealth(port, first, 90_000);
      const teams = await (await fetch(`${base}/teams?type=single_point_of_access`, { headers })).json();
      expect(teams.items.map((x: { code: string }) => x.code)).toEqual(['SKC-SPOA']);
      const practices = await (await fetch(`${base}/organisations?type=gp_practice&limit=100`, { headers })).json();
      expect(practices.items).toHaveLength(31);
      const put = await fetch(`${base}/patients/9990000018`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1940-12-10', gpPracticeOds: 'Z99001' }),
      });
      expect(put.status).toBe(201);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    expect(first.output()).toContain('Loaded the South Kent Coast demo data set (200 patients)');
    expect(first.output()).not.toContain('9990000018');

    const second = startService(env);
    try {
      await waitForHealth(port, second, 90_000);
      const res = await fetch(`${base}/patients/9990000018`, { headers });
      expect(res.status).toBe(200);
      expect((await res.json()).familyName).toBe('Lovelace');
    } finally {
      await stop(second.child);
    }
    expect(second.output()).not.toContain('Loaded the South Kent Coast demo data set');
    // Two service starts: allow the health waits (90 s each) on a loaded machine, not Jest's 60 s default.
  }, 240_000);

  it("stops with PostgreSQL's own reason when the embedded PostgreSQL's port is taken", async () => {
    // CI once lost a run to "Embedded PostgreSQL did not start ...: exited early" and nothing more:
    // PostgreSQL's own reason was thrown away.
    const pgPort = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(pgPort, '127.0.0.1', resolve));
    const takenDir = await mkdtemp(join(tmpdir(), 'cc-taken-'));
    try {
      const run = startService({ PORT: String(await freePort()), DATA_DIR: takenDir, EMBEDDED_PG_PORT: String(pgPort), AUTH_JWT_SECRET: SECRET });
      expect(await run.exited).not.toBe(0);
      const failed = run.output().split('\n').find((l) => l.includes('Failed to start'));
      expect(JSON.parse(failed ?? '{}').msg).toMatch(new RegExp(`did not start on port ${pgPort}.*could not bind IPv4 address "127\\.0\\.0\\.1": Address already in use`));
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      await rm(takenDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start with one clear line naming a malformed variable', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(buildDir, 'src', 'main.js')], { cwd: root, env: { ...process.env, PORT: 'eighty' }, stdio: 'pipe' });
    } catch (e) {
      stderr = String((e as { stderr?: Buffer }).stderr);
    }
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('PORT must be a whole number');
  });

  it('refuses to start in production without an auth secret or JWKS', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(buildDir, 'src', 'main.js')], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production', AUTH_JWT_SECRET: '', AUTH_JWKS_URI: '' },
        stdio: 'pipe',
      });
    } catch (e) {
      stderr = String((e as { stderr?: Buffer }).stderr);
    }
    expect(stderr).toContain('AUTH_JWT_SECRET or AUTH_JWKS_URI must be set when NODE_ENV=production');
  });
});
