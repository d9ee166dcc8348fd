import { parseSync } from '@swc/core';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { ENTITIES } from '../../src/database/entities';
import { selectCursorAt } from '../../src/database/sql-params';
import { AGE_AT, BORN_BY, JOIN_PATIENT_IF_SCOPED, PATIENT_IN_SCOPE } from '../../src/modules/metrics/providers/sql';

/**
 * Reads the service's source as the architecture tests see it: which module each file belongs to,
 * which tables each module owns (from the entities), and every SQL text written in the code.
 */

export const SRC = join(__dirname, '../../src');

/** Browser code served as text, not service code. */
const NOT_SERVICE_CODE = new Set(['modules/metrics/dashboard/dashboard.js.ts']);

export function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
    })
    .filter((path) => !NOT_SERVICE_CODE.has(relative(SRC, path)));
}

/** `modules/<name>` is a module (its sub-folders belong to it); `common/<name>` too; else the top folder. */
export function moduleOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  if (parts[0] === 'modules' || parts[0] === 'common') return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

/** Table → owning module, from where each entity is declared (the imports of `database/entities.ts`). */
export function tableOwners(): Map<string, string> {
  const text = readFileSync(join(SRC, 'database/entities.ts'), 'utf8');
  const fileOf = new Map<string, string>();
  for (const m of text.matchAll(/import \{([^}]+)\} from '\.\.\/([^']+)'/g)) {
    for (const name of m[1].split(',').map((s) => s.trim())) fileOf.set(name, join(SRC, m[2]));
  }
  const owners = new Map<string, string>();
  for (const entity of ENTITIES) {
    const table = getMetadataArgsStorage().tables.find((t) => t.target === entity);
    const file = fileOf.get(entity.name);
    if (!table?.name || !file) throw new Error(`cannot place entity ${entity.name}`);
    owners.set(table.name, moduleOf(file));
  }
  return owners;
}

export interface SqlText {
  file: string;
  line: number;
  /** The text with each `${…}` shown as `${…}`, for messages. */
  shown: string;
  quasis: string[];
  /** For each substitution: the constant text it resolves to in the same file, or null. */
  substitutions: (string | null)[];
}

type Node = { type: string; span?: { start: number }; [k: string]: unknown };

const STATEMENT = /^\s*\(?\s*(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|WITH|LOCK|VALUES)\s/;

interface Scope {
  constants: Map<string, Node>;
  imports: Map<string, string>;
}

const scopes = new Map<string, Scope>();

/** A file's module-level constants, and the files its relative imports name. */
function scopeOf(file: string): Scope {
  let scope = scopes.get(file);
  if (scope) return scope;
  scope = { constants: new Map(), imports: new Map() };
  scopes.set(file, scope);
  const module = parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript', decorators: true });
  for (const item of module.body as unknown as Node[]) {
    const decl = (item.type === 'ExportDeclaration' ? item.declaration : item) as Node;
    if (decl?.type === 'VariableDeclaration') {
      for (const d of decl.declarations as Node[]) if ((d.id as Node).type === 'Identifier' && d.init) scope.constants.set((d.id as { value: string }).value, d.init as Node);
    }
    if (item.type === 'ImportDeclaration' && (item.source as { value: string }).value.startsWith('.')) {
      const target = `${join(dirname(file), (item.source as { value: string }).value)}.ts`;
      for (const spec of item.specifiers as Node[]) {
        const local = (spec.local as { value: string }).value;
        scope.imports.set(local, target);
      }
    }
  }
  return scope;
}

/** SQL-fragment builders of the service: pure functions of literals, so a call with constant arguments is a constant. */
const FRAGMENT_BUILDERS: Record<string, (...args: string[]) => string> = { selectCursorAt, AGE_AT, BORN_BY, JOIN_PATIENT_IF_SCOPED, PATIENT_IN_SCOPE };

/** The text an expression stands for when it is built only from literals, constants and fragment builders, else null. */
function constantText(expr: Node, file: string, depth = 0): string | null {
  if (depth > 8) return null;
  if (expr.type === 'StringLiteral') return expr.value as string;
  if (expr.type === 'TemplateLiteral') {
    const quasis = (expr.quasis as { cooked: string }[]).map((q) => q.cooked ?? '');
    const parts = (expr.expressions as Node[]).map((e) => constantText(e, file, depth + 1));
    if (parts.some((p) => p === null)) return null;
    return quasis.map((q, i) => q + (parts[i] ?? '')).join('');
  }
  if (expr.type === 'Identifier') {
    const name = expr.value as string;
    const scope = scopeOf(file);
    const init = scope.constants.get(name);
    if (init) return constantText(init, file, depth + 1);
    const from = scope.imports.get(name);
    if (from && existsSync(from)) {
      const there = scopeOf(from).constants.get(name);
      return there ? constantText(there, from, depth + 1) : null;
    }
    return null;
  }
  if (expr.type === 'TsAsExpression' || expr.type === 'TsConstAssertion') return constantText(expr.expression as Node, file, depth + 1);
  if (expr.type === 'CallExpression') {
    const callee = expr.callee as Node;
    const build = callee.type === 'Identifier' ? FRAGMENT_BUILDERS[callee.value as string] : undefined;
    const args = (expr.arguments as { expression: Node }[]).map((a) => constantText(a.expression, file, depth + 1));
    return build && args.every((a) => a !== null) ? build(...(args as string[])) : null;
  }
  return null;
}

/** Every string and template literal of a file, with its line (swc spans are 1-based byte offsets, per parse). */
function literalsOf(file: string): { line: number; quasis: string[]; exprs: Node[] }[] {
  const code = readFileSync(file, 'utf8');
  const bytes = Buffer.from(code);
  const lineAt = (pos: number) => bytes.subarray(0, pos - 1).toString().split('\n').length;
  const found: { line: number; quasis: string[]; exprs: Node[] }[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as Node;
    const line = lineAt(n.span?.start ?? 0);
    if (n.type === 'StringLiteral') found.push({ line, quasis: [n.value as string], exprs: [] });
    if (n.type === 'TemplateLiteral') {
      found.push({ line, quasis: (n.quasis as { cooked: string }[]).map((q) => q.cooked ?? ''), exprs: n.expressions as Node[] });
    }
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(parseSync(code, { syntax: 'typescript', decorators: true }).body);
  return found;
}

/** SQL statements written as string or template literals in a file (including module-level constants). */
export function sqlTexts(file: string): SqlText[] {
  return literalsOf(file)
    .filter(({ quasis, exprs }) => STATEMENT.test(quasis[0]) || (quasis[0].trim() === '' && exprs.length > 0 && STATEMENT.test(quasis[1] ?? '')))
    .map(({ line, quasis, exprs }) => {
      const substitutions = exprs.map((e) => constantText(e, file));
      return {
        file,
        line,
        shown: quasis.map((q, i) => q + (i < exprs.length ? (substitutions[i] ?? '\u0024{…}') : '')).join(''),
        quasis,
        substitutions,
      };
    });
}

export interface TableUse {
  table: string;
  write: boolean;
}

/**
 * Tables a text names, and whether it writes them: after INSERT INTO / UPDATE / DELETE FROM (writes)
 * or FROM / JOIN / USING / TABLE (reads). SQL keywords are written in capitals in this code base.
 */
export function tablesNamed(text: string, known: Set<string>): TableUse[] {
  const uses = new Map<string, boolean>();
  for (const m of text.matchAll(/\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE|FROM|JOIN|USING|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/g)) {
    if (!known.has(m[2])) continue;
    const write = !/^(FROM|JOIN|USING|TABLE)$/.test(m[1]);
    uses.set(m[2], (uses.get(m[2]) ?? false) || write);
  }
  return [...uses].map(([table, write]) => ({ table, write }));
}

/** Every string and template literal of a file, as text (for the ownership scan, which also sees fragments). */
export function allLiterals(file: string): { line: number; text: string }[] {
  return literalsOf(file).map(({ line, quasis }) => ({ line, text: quasis.join(' ') }));
}
