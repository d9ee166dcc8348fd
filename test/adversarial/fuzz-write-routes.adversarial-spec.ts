import fc from 'fast-check';
import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';
import { EVERY_ROLE, fillPath } from '../support/route-sweep';

/**
 * (a) Property-based fuzzing of every write route in the OpenAPI document: whatever the body, no
 * 5xx, every error is problem+json, and a rejected request (other than a refusal, which is audited)
 * changes no row count. (b) The no-relationship sweep: a clinician with no relationship never gets
 * the patient's identifiers back from any route. Bounded: ADVERSARIAL_FUZZ_RUNS bodies per route.
 */
const RUNS = Number(process.env.ADVERSARIAL_FUZZ_RUNS ?? 6);
const METHODS = ['post', 'put', 'patch'] as const;

interface Doc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

describe('adversarial: fuzzed write routes and the no-relationship sweep', () => {
  let t: TestApp;
  let doc: Doc;
  let nhs: string;
  let all: string;
  let stranger: string;
  const tally = { requests: 0, failures: 0 };
  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: '4' });
    await t.truncate();
    await createWorld(t);
    nhs = await createPatient(t, { familyName: 'Zebedee' });
    doc = (await t.http().get('/docs-json').expect(200)).body;
    all = await t.token({ sub: 'fuzz-1', ...EVERY_ROLE });
    stranger = await t.token({ sub: 'stranger-1', roles: ['clinician'], teams: ['NCT-B'] });
  });
  afterAll(async () => {
    console.log(`fuzz: ${tally.requests} requests, ${tally.failures} failures`);
    await t.close();
  });

  const fill = (path: string) => fillPath(path, nhs);

  // Every request, accepted or not, is counted in rate_limit_counters (a new row per user and minute): not data.
  async function rowCounts(): Promise<Record<string, number>> {
    const tables: { tablename: string }[] = await t.db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'audit_events', 'rate_limit_counters') ORDER BY 1`,
    );
    const [row] = await t.db.query(`SELECT ${tables.map((x) => `(SELECT count(*) FROM "${x.tablename}")::int AS "${x.tablename}"`).join(', ')}`);
    return row;
  }

  function bodyFor(schemaRef: string | undefined): fc.Arbitrary<unknown> {
    const name = schemaRef?.split('/').pop();
    const props = Object.keys((name && doc.components?.schemas?.[name]?.properties) ?? {});
    const nasty = fc.oneof(
      fc.constantFrom(null, [], [[]], {}, '', '\u0000', '\ud800', '2026-02-30', '25:61', -1, 1e308, '9'.repeat(400), { __proto__: 1 }, 'x'.repeat(5000)),
      fc.anything({ maxDepth: 3 }),
    );
    const shaped = props.length ? fc.dictionary(fc.constantFrom(...props), nasty, { maxKeys: props.length }) : fc.dictionary(fc.string(), nasty);
    return fc.oneof(shaped, fc.anything({ maxDepth: 2 }));
  }

  it('answers every fuzzed write with < 500, problem+json errors, and no row changed by a rejection', async () => {
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      METHODS.filter((m) => ops[m]).map((m) => ({ path, method: m, ref: ops[m].requestBody?.content?.['application/json']?.schema?.$ref })),
    );
    expect(routes.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const r of routes) {
      await fc.assert(
        fc.asyncProperty(bodyFor(r.ref), async (body) => {
          const before = await rowCounts();
          const res = await t.http()[r.method](fill(r.path)).set('Authorization', `Bearer ${all}`).set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
          tally.requests += 1;
          // The FHIR door answers errors the FHIR way: an OperationOutcome as application/fhir+json.
          const errorType = r.path.startsWith('/fhir/') ? 'application/fhir+json' : 'application/problem+json';
          const errorShaped = String(res.headers['content-type']).includes(errorType) && (errorType !== 'application/fhir+json' || res.body?.resourceType === 'OperationOutcome');
          const bad =
            res.status >= 500 ||
            (res.status >= 400 && !errorShaped) ||
            (res.status >= 400 && res.status !== 404 && JSON.stringify(await rowCounts()) !== JSON.stringify(before));
          if (bad) {
            tally.failures += 1;
            problems.push(`${r.method.toUpperCase()} ${r.path} -> ${res.status} ${res.body?.code ?? res.body?.resourceType ?? ''} for ${JSON.stringify(body)?.slice(0, 200)}`);
          }
          return true;
        }),
        { numRuns: RUNS, seed: Number(process.env.ADVERSARIAL_FUZZ_SEED ?? 12) },
      );
    }
    expect(problems).toEqual([]);
  });

  it('never shows a no-relationship clinician the patient, on any route', async () => {
    const leaks: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        // the SSE stream never ends by design (its team scoping is tested in test/alerts)
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || path.endsWith('/stream')) continue;
        const res = await t.http()[method as 'get'](fill(path)).set('Authorization', `Bearer ${stranger}`).timeout(20_000).send(method === 'get' ? undefined : {});
        tally.requests += 1;
        const text = JSON.stringify(res.body ?? '') + String(res.text ?? '');
        if (res.status < 300 && (text.includes(nhs) || text.includes('Zebedee'))) {
          tally.failures += 1;
          leaks.push(`${method.toUpperCase()} ${path} -> ${res.status}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
