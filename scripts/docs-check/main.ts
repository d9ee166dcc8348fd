/**
 * `npm run test:docs [-- docs/beds.md …]`: starts a fresh service as `npm start` would (embedded
 * PostgreSQL in a temporary DATA_DIR, free ports, the South Kent Coast demo data), runs the shell
 * walkthroughs of README.md and every docs/*.md (or the ones named) against it, one bash session
 * per document, and fails when a documented example no longer matches. One service start per run.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts } from '../free-ports';
import { DocResult, documents, runDocument } from './run';

const root = resolve(__dirname, '..', '..', '..');
const dist = resolve(__dirname, '..', '..');

async function startService(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  let out = '';
  const child = spawn(process.execPath, [join(dist, 'src', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d) => {
    out += d.toString();
  });
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited during start:\n${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${env.PORT}/health`)).status === 200) return { child, output: () => out };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGTERM');
  throw new Error(`the service did not become healthy:\n${out}`);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = wanted.length ? wanted : documents(root);
  const dataDir = await mkdtemp(join(tmpdir(), 'docs-check-data-'));
  const [port, pgPort] = await freePorts(2);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    DATABASE_URL: '',
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.DOCS_CHECK_LOG_LEVEL ?? 'warn',
  };
  const t0 = Date.now();
  const service = await startService(env);
  process.stdout.write(`docs-check: service up on port ${port} with the demo data in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const results: DocResult[] = [];
  try {
    for (const file of files) {
      const r = await runDocument(file, readFileSync(join(root, file), 'utf8'), {
        root,
        hostPort: `127.0.0.1:${port}`,
        tokenScript: join(dist, 'scripts', 'token.js'),
        env: { PORT: undefined, HOST: undefined, DATA_DIR: undefined, EMBEDDED_PG_PORT: undefined },
      });
      results.push(r);
      const what = `${r.blocksRun} blocks, ${r.claims} claims, ${(r.ms / 1000).toFixed(1)} s`;
      if (r.ok) process.stdout.write(`  ok   ${file} (${what})\n`);
      else {
        process.stdout.write(`  FAIL ${file} (${what})\n`);
        for (const p of r.problems) process.stdout.write(`       ${p}\n`);
        if (r.output) process.stdout.write(`${r.output.split('\n').slice(-25).map((l) => `       | ${l}`).join('\n')}\n`);
      }
    }
  } finally {
    await new Promise<void>((res) => {
      service.child.once('exit', () => res());
      service.child.kill('SIGTERM');
    });
    await rm(dataDir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok);
  const claims = results.reduce((s, r) => s + r.claims, 0);
  process.stdout.write(`docs-check: ${results.length - failed.length} of ${results.length} documents ok, ${claims} claims, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  if (failed.length) process.exit(1);
}

main().catch((e) => {
  process.stderr.write(`docs-check: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
