/**
 * Executable documentation, the pure part: reading a Markdown document's fenced blocks and turning
 * its shell walkthrough into one bash script with checks around the claims the document makes.
 *
 * What a document claims (see docs/architecture.md, "Executable documentation"):
 * - A ```sh / ```bash / ```shell block is run, in document order, in one bash session per document.
 *   ```sh no-run <reason> is shown, never run (the reason is required).
 * - A command whose last line ends in a comment starting with an HTTP status (`# 201`,
 *   `# 200, audited`) claims the status of the last HTTP request it made.
 * - A ```json block that follows a run block with nothing but blank lines between them claims a
 *   subset of the body of that block's last response (objects: the keys shown; arrays: each element
 *   shown matches some element). It must be valid JSON; an illustration with `…` goes after prose.
 */

export interface FencedBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** Words after the language on the fence line, e.g. ['no-run', 'needs', 'a', 'browser']. */
  flags: string[];
  code: string;
  /** Whether only blank lines separate this block from the previous block. */
  adjacentToPrevious: boolean;
}

export const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  let lastEnd = -2;
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i].trim().startsWith(fence) && lines[i].trim().replace(/[`~]/g, '') === ''); i++) body.push(lines[i]);
    const between = lines.slice(lastEnd + 1, start);
    blocks.push({
      line: start + 1,
      lang: open[3].toLowerCase(),
      flags: open[4].trim() ? open[4].trim().split(/\s+/) : [],
      code: body.join('\n'),
      adjacentToPrevious: lastEnd >= 0 && between.every((l) => l.trim() === ''),
    });
    lastEnd = i;
  }
  return blocks;
}

export function isRunnable(b: FencedBlock): boolean {
  return SHELL_LANGS.has(b.lang) && !b.flags.includes('no-run');
}

/** A logical shell command: one or more physical lines (continuations, open quotes, heredocs). */
export interface ShellCommand {
  /** 1-based line in the block of its first line. */
  firstLine: number;
  lastLine: number;
  text: string;
  /** The status claimed by a trailing `# NNN` comment on its last line, if any. */
  expectStatus?: number;
}

interface ScanState {
  single: boolean;
  double: boolean;
  depth: number;
}

/** Scans one physical line, updating quote and $( depth state; returns where a comment starts (or -1). */
function scanLine(line: string, s: ScanState): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (s.single) {
      if (c === "'") s.single = false;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (s.double) {
      if (c === '"') s.double = false;
      continue;
    }
    if (c === "'") s.single = true;
    else if (c === '"') s.double = true;
    else if (c === '(') s.depth++;
    else if (c === ')') s.depth = Math.max(0, s.depth - 1);
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return i;
  }
  return -1;
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

export function shellCommands(code: string): ShellCommand[] {
  const lines = code.split('\n');
  const out: ShellCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = i;
    const s: ScanState = { single: false, double: false, depth: 0 };
    let commentAt = -1;
    let heredoc: string | null = null;
    for (;;) {
      const line = lines[i];
      const wasQuoted = s.single || s.double;
      commentAt = scanLine(line, s);
      const code = commentAt >= 0 ? line.slice(0, commentAt) : line;
      if (!wasQuoted && !heredoc) {
        const h = HEREDOC.exec(code);
        if (h && !code.includes('<<<')) heredoc = h[2];
      }
      i++;
      if (heredoc) {
        while (i < lines.length && lines[i].replace(/^\t+/, '') !== heredoc) i++;
        i++;
        heredoc = null;
        commentAt = -1;
        break;
      }
      const trimmed = code.trimEnd();
      const continues = s.single || s.double || s.depth > 0 || /(\\|\||&&|\|\|)$/.test(trimmed) || (commentAt < 0 && trimmed.endsWith('\\'));
      if (!continues || i >= lines.length) break;
    }
    const last = i - 1;
    const text = lines.slice(first, Math.min(i, lines.length)).join('\n');
    const lastLine = lines[Math.min(last, lines.length - 1)];
    const status = commentAt >= 0 ? /^#\s*([1-5]\d\d)\b/.exec(lastLine.slice(commentAt)) : null;
    if (text.trim() !== '') out.push({ firstLine: first + 1, lastLine: last + 1, text, ...(status ? { expectStatus: Number(status[1]) } : {}) });
  }
  return out;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The original host and port the docs are written for, and what replaces them. */
export function substituteHost(code: string, hostPort: string): string {
  return code.replace(/(https?:\/\/)?localhost:3000/g, (_m, scheme: string | undefined) => `${scheme ?? ''}${hostPort}`);
}

export interface DocScript {
  script: string;
  /** Expected-subset JSON blocks, by id used in the script (`__expect_json <id>`). */
  expectations: { id: number; where: string; json: string }[];
  problems: string[];
  blocksRun: number;
  claims: number;
}

/**
 * The bash script for one document: every runnable block in order, each claimed command wrapped
 * in `__expect <status> <where>` / `__check`, each block closed by `__block_end` (no 5xx, no
 * failed connection), and each adjacent ```json block checked with `__expect_json`.
 */
export function docScript(file: string, markdown: string, hostPort: string): DocScript {
  const blocks = fencedBlocks(markdown);
  const parts: string[] = [];
  const expectations: DocScript['expectations'] = [];
  const problems: string[] = [];
  let blocksRun = 0;
  let claims = 0;
  let previousRan = false;
  for (const b of blocks) {
    const where = `${file}:${b.line}`;
    if (SHELL_LANGS.has(b.lang) && b.flags[0] === 'no-run' && b.flags.length < 2) problems.push(`${where}: a no-run block must say why (\`\`\`sh no-run <reason>)`);
    if (b.lang === 'json' && b.adjacentToPrevious && previousRan) {
      try {
        JSON.parse(b.code);
        const id = expectations.length;
        expectations.push({ id, where, json: b.code });
        parts.push(`__expect_json ${id} ${q(where)}`);
      } catch {
        problems.push(`${where}: a json block right after a run block is the expected response and must be valid JSON (put prose before an illustration)`);
      }
    }
    previousRan = isRunnable(b);
    if (!previousRan) continue;
    blocksRun++;
    parts.push(`__block ${q(where)}`);
    for (const c of shellCommands(substituteHost(b.code, hostPort))) {
      if (c.expectStatus === undefined) {
        parts.push(c.text);
        continue;
      }
      claims++;
      parts.push(`__expect ${c.expectStatus} ${q(`${file}:${b.line + c.lastLine}`)}`, c.text, '__check');
    }
    parts.push(`__block_end ${q(where)}`);
  }
  return { script: `${parts.join('\n')}\n`, expectations, problems, blocksRun, claims };
}

/**
 * Whether `actual` contains `expected`: objects by the keys expected (recursively), arrays when
 * every expected element matches some actual element, everything else by equality.
 */
export function containsSubset(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e) => actual.some((a) => containsSubset(a, e)));
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) => k in a && containsSubset(a[k], v));
  }
  return actual === expected;
}
