import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { Client } from 'pg';
import { workerDatabaseUrl } from '../support/app';
import { SRC, SqlText, allLiterals, moduleOf, sourceFiles, sqlTexts } from './sql-sources';

/**
 * Every SQL statement written in the service is checked against the migrated schema: each is
 * planned (EXPLAIN, which parses, resolves every table, column, function and type, and does not
 * execute) with NULL parameters, so a renamed column fails here, at the statement, rather than in
 * whichever e2e test happens to touch it. And SQL lives only in repositories.
 *
 * Dynamic statements are built from constants (inlined from the same file), `$${n}` placeholders
 * (given fresh numbers) and optional clauses (probed as TRUE, then as nothing, then as NULL).
 */

/** Where SQL may be written outside a `*.repository.ts`, and why. */
const SQL_OUTSIDE_REPOSITORIES: Record<string, string> = {
  seed: 'the demo and benchmark seeder is a script, not service code',
  database: 'the migration runner and the reachability probe are the database layer itself',
};

/** Statements too dynamic to probe (built per table or per column list), each with its reason and where it is proven instead. */
const DYNAMIC_STATEMENTS: Record<string, string> = {
  'common/access/relationship-rows.repository.ts:18':
    "one branch of the relationship providers' statements run as one; each provider's statement is a constant of its owner's repository, checked here on its own (test/involvement/access-and-involvement.e2e-spec.ts runs them together)",
  'modules/patients/patient-view.repository.ts:15':
    "one section statement of the single view run as one scalar subquery; each section's statement is a constant of its owner's repository, checked here on its own (test/involvement/access-and-involvement.e2e-spec.ts runs them together)",
  'common/access/relationship-rows.repository.ts:19':
    "the relationship providers' statements run as one (see the line above)",
  'modules/patients/merge/merge.repository.ts:38':
    'the merge conflict checks, one EXISTS per MERGE_CONFLICT_CHECKS entry over its table; every merge runs all of them (test/identity/merge.e2e-spec.ts)',
  'modules/patients/merge/merge.repository.ts:60':
    'the merge moves each PATIENT_LINKED_TABLES table in turn; test/identity/merge.e2e-spec.ts checks the list against every foreign key to patients(id) and moves a row of every table',
};

/** Statements the planner cannot take (EXPLAIN plans only SELECT/INSERT/UPDATE/DELETE/VALUES). */
const NOT_EXPLAINABLE = /^\s*(LOCK|SET|NOTIFY|LISTEN|TRUNCATE|CREATE|DROP|ALTER|COPY|ANALYZE|VACUUM)\b/;

const PROBES = ['TRUE', '', 'NULL', '1'];

function variants(s: SqlText): string[] {
  return PROBES.map((probe) => {
    let next = 1000;
    return s.quasis
      .map((q, i) => {
        if (i >= s.substitutions.length) return q;
        const constant = s.substitutions[i];
        if (constant !== null) return q + constant;
        if (q.endsWith('$')) return q + String(next++);
        return `${q}${probe}`;
      })
      .join('');
  });
}

/** Gives placeholders consecutive numbers (PostgreSQL refuses a parameter it cannot type, e.g. one never used). */
function renumber(sql: string): { text: string; count: number } {
  const seen = new Map<string, number>();
  const text = sql.replace(/\$(\d+)\b/g, (_, n: string) => {
    if (!seen.has(n)) seen.set(n, 0);
    return `$${n}`;
  });
  const ordered = [...seen.keys()].sort((a, b) => Number(a) - Number(b));
  const number = new Map(ordered.map((n, i) => [n, i + 1]));
  return { text: text.replace(/\$(\d+)\b/g, (_, n: string) => `$${number.get(n)}`), count: ordered.length };
}

async function planError(client: Client, sql: string): Promise<string | null> {
  const { text, count } = renumber(sql);
  await client.query('SAVEPOINT probe');
  try {
    await client.query(`EXPLAIN ${text}`, new Array(count).fill(null));
    await client.query('RELEASE SAVEPOINT probe');
    return null;
  } catch (e) {
    await client.query('ROLLBACK TO SAVEPOINT probe');
    return `${(e as { code?: string }).code} ${(e as Error).message}`;
  }
}

describe('SQL against the migrated schema', () => {
  const files = sourceFiles();
  const statements = files.flatMap((f) => sqlTexts(f));

  it('finds the statements it checks', () => {
    expect(statements.length).toBeGreaterThan(100);
  });

  it('every statement plans against the migrated schema', async () => {
    const client = new Client({ connectionString: await workerDatabaseUrl() });
    await client.connect();
    const failures: string[] = [];
    try {
      await client.query('BEGIN');
      // Temporary tables a transaction makes for itself (a risk import's staging rows) are made in
      // this probe transaction first, so the statements over them are planned too.
      for (const f of files) for (const { text } of allLiterals(f)) if (/^\s*CREATE TEMP(ORARY)? TABLE\b/.test(text)) await client.query(text);
      for (const s of statements) {
        if (NOT_EXPLAINABLE.test(s.quasis[0]) || DYNAMIC_STATEMENTS[`${relative(SRC, s.file)}:${s.line}`]) continue;
        let first: string | null = null;
        let planned = false;
        for (const sql of variants(s)) {
          const error = await planError(client, sql);
          if (error === null) {
            planned = true;
            break;
          }
          // a syntax error means the probe did not fit the clause; anything else is the answer
          if (!error.startsWith('42601') && first === null) first = error;
        }
        if (!planned) failures.push(`${relative(SRC, s.file)}:${s.line}: ${first ?? 'no probe fits this dynamic statement'}\n    ${s.shown.replace(/\s+/g, ' ').slice(0, 300)}`);
      }
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
    expect(failures).toEqual([]);
  });

  it('SQL is written only in repositories (services hold none)', () => {
    const outside = statements
      .filter((s) => !basename(s.file).endsWith('.repository.ts') && !SQL_OUTSIDE_REPOSITORIES[moduleOf(s.file)])
      .map((s) => `${relative(SRC, s.file)}:${s.line}`);
    expect(outside).toEqual([]);
  });

  it('TypeORM queries (query builders, entity managers, repositories) are made only in repositories', () => {
    const orm = /\b(?:em|manager|db|this\.db|runner|queryRunner|tx)\s*\.\s*(?:query|createQueryBuilder|getRepository|find\w*|save|insert|update|delete|upsert|count\w*|exist\w*|increment|decrement|remove)\s*\(/g;
    const outside: string[] = [];
    for (const file of files) {
      if (basename(file).endsWith('.repository.ts') || SQL_OUTSIDE_REPOSITORIES[moduleOf(file)]) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(orm)) outside.push(`${relative(SRC, file)}:${text.slice(0, m.index).split('\n').length} ${m[0]}`);
    }
    expect(outside).toEqual([]);
  });
});
