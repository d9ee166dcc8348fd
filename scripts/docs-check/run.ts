import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containsSubset, docScript } from './markdown';

export interface RunOptions {
  /** The repository root: docs/ is linked into each session's working directory. */
  root: string;
  /** Replaces `localhost:3000` in the document, e.g. `127.0.0.1:41234`. */
  hostPort: string;
  /** Compiled token script (`npm run token -- …` in a doc runs it with the arguments after `--`). */
  tokenScript: string;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}

export interface DocResult {
  file: string;
  ok: boolean;
  blocksRun: number;
  claims: number;
  /** The session's output (stdout and stderr interleaved); the failure is at its end. */
  output: string;
  problems: string[];
  ms: number;
}

/** README.md and every docs/*.md, in that order: a new document is checked without registering it. */
export function documents(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/**
 * Runs one document's shell blocks in order in one bash session, in a fresh working directory
 * (with `docs` linked, so `@docs/examples/…` resolves and files a doc writes stay out of the repo).
 */
export async function runDocument(file: string, markdown: string, o: RunOptions): Promise<DocResult> {
  const started = Date.now();
  const doc = docScript(file, markdown, o.hostPort);
  const base = { file, blocksRun: doc.blocksRun, claims: doc.claims, problems: doc.problems };
  if (doc.problems.length) return { ...base, ok: false, output: '', ms: 0 };
  if (doc.blocksRun === 0) return { ...base, ok: true, output: '', ms: 0 };
  const dir = await mkdtemp(join(tmpdir(), 'docs-check-'));
  const work = join(dir, 'work');
  try {
    await mkdir(work);
    symlinkSync(join(o.root, 'docs'), join(work, 'docs'));
    const prelude = readFileSync(join(o.root, 'scripts', 'docs-check', 'prelude.sh'), 'utf8');
    writeFileSync(join(dir, 'doc.sh'), `${prelude}\n# ---- ${file}\n${doc.script}__failed\n`);
    const { code, output } = await bash(join(dir, 'doc.sh'), work, {
      ...process.env,
      ...o.env,
      DOCS_CHECK_DIR: dir,
      DOCS_CHECK_TOKEN_SCRIPT: o.tokenScript,
      DOCS_CHECK_CURL_MAX_TIME: '30',
    }, o.timeoutMs ?? 180_000);
    const mismatches = jsonMismatches(dir, doc.expectations);
    return { ...base, ok: code === 0 && mismatches.length === 0, output: output + mismatches.join(''), ms: Date.now() - started };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The ```json claims the session reached, compared with the bodies it saved. */
function jsonMismatches(dir: string, expectations: { id: number; json: string }[]): string[] {
  if (!existsSync(join(dir, 'json-checks'))) return [];
  const out: string[] = [];
  for (const line of readFileSync(join(dir, 'json-checks'), 'utf8').split('\n').filter(Boolean)) {
    const [id, bodyFile, where] = line.split(' ');
    const expected = JSON.parse(expectations[Number(id)].json);
    const text = readFileSync(bodyFile, 'utf8');
    let actual: unknown;
    try {
      actual = JSON.parse(text);
    } catch {
      actual = undefined;
    }
    if (!containsSubset(actual, expected))
      out.push(`\nDOCS-CHECK FAILED ${where}: the response does not contain the JSON shown\n  shown:    ${JSON.stringify(expected)}\n  response: ${text.slice(0, 1200)}\n`);
  }
  return out;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('bash', ['--noprofile', '--norc', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const append = (d: Buffer) => {
      output += d.toString();
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => {
      output += `\nDOCS-CHECK FAILED: the document did not finish within ${timeoutMs / 1000} s\n`;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
