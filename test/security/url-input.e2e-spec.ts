import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';
import { EVERY_ROLE, fillPath } from '../support/route-sweep';

interface Param {
  name: string;
  in: string;
}
interface Doc {
  paths: Record<string, Record<string, { parameters?: Param[] }>>;
}

/**
 * What a URL carries is input like a body: a path parameter or a query value with a NUL reached
 * PostgreSQL, which refuses NUL in text, and came back as a 500 from 27 routes (a list's
 * `?locality=`, `/teams/{code}`, FHIR reads by id). Every route in the OpenAPI document is swept.
 */
describe('the path and the query string are held to the body rules', () => {
  let t: TestApp;
  let doc: Doc;
  let nhs: string;
  let all: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    await createWorld(t);
    nhs = await createPatient(t, { familyName: 'Zebedee' });
    doc = (await t.http().get('/docs-json').expect(200)).body;
    all = await t.token({ sub: 'sweep-1', ...EVERY_ROLE });
  });
  afterAll(() => t.close());

  const fill = (path: string) => fillPath(path, nhs);
  const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
  /** A 400 VALIDATION_FAILED naming the field: as problem+json, or under /fhir/ as an OperationOutcome. */
  type Refusal = { code?: string; errors?: { field: string }[]; issue?: { details?: { coding?: { code: string }[] }; expression?: string[] }[] };
  const refusedNaming = (res: { status: number; body: Refusal }, field: string) =>
    res.status === 400 &&
    (res.body.issue
      ? res.body.issue[0]?.details?.coding?.[0]?.code === 'VALIDATION_FAILED' && res.body.issue[1]?.expression?.[0] === field
      : res.body.code === 'VALIDATION_FAILED' && res.body.errors?.[0]?.field === field);

  it('refuses a NUL in any query value with a 400 naming the parameter', async () => {
    const wrong: string[] = [];
    let sent = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const p of (ops.get?.parameters ?? []).filter((x) => x.in === 'query')) {
        const res = await t.http().get(`${fill(path)}?${p.name}=a%00b`).set('Authorization', `Bearer ${all}`);
        sent++;
        if (!refusedNaming(res, p.name)) wrong.push(`${res.status} GET ${path}?${p.name}`);
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('refuses a NUL in any path parameter with a 400 naming it', async () => {
    const wrong: string[] = [];
    let sent = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of METHODS.filter((m) => ops[m] && path.includes('{'))) {
        const [, first] = /\{(\w+)\}/.exec(path) as RegExpExecArray;
        const res = await t.http()[method](path.replace(/\{(\w+)\}/g, 'a%00b')).set('Authorization', `Bearer ${all}`);
        sent++;
        if (!refusedNaming(res, first)) wrong.push(`${res.status} ${method} ${path}`);
      }
    }
    expect(sent).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('answers odd query values (impossible dates, huge numbers, bad UTF-8, 5,000 characters) with something other than a 5xx', async () => {
    const values = ['2026-02-31', '2026-02-31T00:00:00Z', '0001-01-01', '275760-09-13', '-1', '1e400', '99999999999999999999', '%ED%A0%80', 'x'.repeat(5000), '[]'];
    const failed: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const p of (ops.get?.parameters ?? []).filter((x) => x.in === 'query')) {
        for (const v of values) {
          const res = await t.http().get(`${fill(path)}?${p.name}=${v}`).set('Authorization', `Bearer ${all}`);
          if (res.status >= 500 || !/json/.test(String(res.headers['content-type']))) failed.push(`${res.status} GET ${path}?${p.name}=${v.slice(0, 20)}`);
        }
      }
    }
    expect(failed).toEqual([]);
  }, 180_000);

  it('refuses a path parameter that is not UTF-8 once percent-decoded with a 400, on every route', async () => {
    // Express's router throws a URIError for '%ED%A0%80' (a lone surrogate's bytes): it was a 500 on 103 routes.
    const wrong: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of METHODS.filter((m) => ops[m] && path.includes('{'))) {
        const res = await t.http()[method](path.replace(/\{(\w+)\}/g, '%ED%A0%80')).set('Authorization', `Bearer ${all}`);
        if (!refusedNaming(res, 'path')) wrong.push(`${res.status} ${method} ${path}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers odd path parameters (out of range, 3,000 characters, emoji, dot segments, spaces) with something other than a 5xx', async () => {
    const values = ['x', '-1', '0', '99999999999999999999', 'x'.repeat(3000), '%F0%9F%98%80', '..%2F..', '1.5', 'null', '999%20000%200018'];
    const failed: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of METHODS.filter((m) => ops[m] && path.includes('{'))) {
        for (const v of values) {
          const req = t.http()[method](path.replace(/\{(\w+)\}/g, v)).set('Authorization', `Bearer ${all}`);
          const res = method === 'get' || method === 'delete' ? await req : await req.set('Content-Type', 'application/json').send('{}');
          if (res.status >= 500 || !/json/.test(String(res.headers['content-type']))) failed.push(`${res.status} ${method} ${path} ${v.slice(0, 20)}`);
        }
      }
    }
    expect(failed).toEqual([]);
  }, 180_000);
});
