import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from '../support/app';
import { freePort } from '../../scripts/free-ports';

export const root = join(__dirname, '..', '..');
const buildDir = join(root, '.test-build-adversarial');

/** Compiles the service once per run (the same tsc build as `npm start`). */
export function buildService(): void {
  if (process.env.ADVERSARIAL_SKIP_BUILD && existsSync(join(buildDir, 'src', 'main.js'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir], { cwd: root });
}

export interface Service {
  child: ChildProcess;
  port: number;
  base: string;
  output: () => string;
}

/** The compiled service as a child process on an existing (migrated) database. */
export async function startService(databaseUrl: string, env: Record<string, string> = {}): Promise<Service> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [join(buildDir, 'src', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      SEED_ON_FIRST_START: 'false',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d) => {
    out += d.toString();
  });
  const service = { child, port, base: `http://127.0.0.1:${port}`, output: () => out };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited:\n${out}`);
    try {
      if ((await fetch(`${service.base}/health`)).status === 200) return service;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`service did not become healthy:\n${out}`);
}

export function killHard(s: Service): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

export function stopService(s: Service): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}
