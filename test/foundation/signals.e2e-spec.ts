import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildService, spawnService, waitForHealth } from '../support/child-service';
import { freePorts } from '../../scripts/free-ports';

/**
 * Stopping as a process manager does (issue 20): `npm start` run as a user runs it, then SIGTERM
 * (systemd, Docker, Kubernetes) or SIGINT (Ctrl-C) to the npm process. Before the fix npm ended but
 * the Node service and the embedded PostgreSQL kept running (`/health` still 200).
 */
const root = join(__dirname, '..', '..');

function npmStart(env: Record<string, string>): ChildService {
  return spawnService('npm', ['start'], root, { LOG_LEVEL: 'warn', ...env });
}

/** Whether anything accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Processes whose command line names the data directory (the embedded postgres runs with -D <dir>/pg). */
function processesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(dir)) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const linux = process.platform === 'linux' ? describe : describe.skip;

linux('npm start stops cleanly on SIGTERM and SIGINT', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cc-signals-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to npm stops the service and its embedded PostgreSQL', async (signal) => {
    const [port, pgPort] = await freePorts(2);
    const run = npmStart({ PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), SEED_POPULATION: '50' });
    await waitForHealth(port, run, 240_000);
    expect(processesUsing(dataDir).length).toBeGreaterThan(0);

    run.child.kill(signal);
    await run.exited;

    expect(await listening(port)).toBe(false);
    expect(await listening(pgPort)).toBe(false);
    expect(processesUsing(dataDir)).toEqual([]);
    expect(run.output()).toContain(`${signal}: shutting down`);
  }, 300_000);

  it('WEB_CONCURRENCY=2 serves from two worker processes, replaces one that dies, and SIGTERM stops them all', async () => {
    const [port, pgPort] = await freePorts(2);
    const run = npmStart({ PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), SEED_POPULATION: '50', WEB_CONCURRENCY: '2' });
    const workers = () => [...run.output().matchAll(/"pid":(\d+),"msg":"Listening on/g)].map((m) => Number(m[1]));
    await waitForHealth(port, run, 240_000);
    while (workers().length < 2) await new Promise((r) => setTimeout(r, 100));
    expect(new Set(workers()).size).toBe(2);

    process.kill(workers()[0], 'SIGKILL');
    while (workers().length < 3) await new Promise((r) => setTimeout(r, 100));
    expect(run.output()).toContain('exited (SIGKILL); starting another');
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    run.child.kill('SIGTERM');
    await run.exited;
    expect(await listening(port)).toBe(false);
    expect(await listening(pgPort)).toBe(false);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 300_000);
});
