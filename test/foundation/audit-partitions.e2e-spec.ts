import { Clock } from '../../src/common/clock';
import { AuditPartitionsJob } from '../../src/common/audit/audit-partitions.job';
import { EDD_FIRST_SET } from '../../src/common/audit/for-admissions.repository';
import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';

/** audit_events is partitioned by month (issue 18): rows land in their month, none is lost, none can be changed. */
describe('audit_events partitioned by month', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const partitionsOf = async (): Promise<string[]> =>
    (
      await t.db.query(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass ORDER BY 1`,
      )
    ).map((r: { name: string }) => r.name);

  it("an audited read lands in this month's partition, and the partition is append-only too", async () => {
    const nhs = await createPatient(t);
    const nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
    await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${nav}`).expect(200);
    const rows: { part: string }[] = await t.db.query(`SELECT tableoid::regclass::text AS part FROM audit_events WHERE nhs_number = $1`, [nhs]);
    const now = new Date();
    const month = `audit_events_${now.getUTCFullYear()}_${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.part))).toEqual(new Set([month]));
    await expect(t.db.query(`UPDATE ${month} SET reason = 'x' WHERE nhs_number = $1`, [nhs])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_events WHERE nhs_number = $1`, [nhs])).rejects.toThrow(/append-only/);
  });

  it('a row for a month not yet created is kept in the default partition, and the job moves it into its month', async () => {
    const months = (await partitionsOf()).filter((p) => /^audit_events_\d{4}_\d{2}$/.test(p)).sort();
    const [, y, m] = /(\d{4})_(\d{2})$/.exec(months[months.length - 1]) as RegExpExecArray;
    const beyond = new Date(Date.UTC(Number(y), Number(m) - 1 + 14, 15, 12)); // well past the last month
    const name = `audit_events_${beyond.getUTCFullYear()}_${String(beyond.getUTCMonth() + 1).padStart(2, '0')}`;
    await t.db.query(
      `INSERT INTO audit_events (at, actor_sub, actor_roles, actor_teams, action, resource_type, outcome) VALUES ($1, 'aud-test', '{}', '{}', 'test.future', 'test', 'allowed')`,
      [beyond],
    );
    const before: { part: string }[] = await t.db.query(`SELECT tableoid::regclass::text AS part FROM audit_events WHERE action = 'test.future'`);
    expect(before).toEqual([{ part: 'audit_events_default' }]);

    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.UTC(beyond.getUTCFullYear(), beyond.getUTCMonth() - 1, 1)));
    const result = await t.app.get(AuditPartitionsJob).runOnce();
    expect(result.created).toBeGreaterThanOrEqual(4);
    const after: { part: string }[] = await t.db.query(`SELECT tableoid::regclass::text AS part FROM audit_events WHERE action = 'test.future'`);
    expect(after).toEqual([{ part: name }]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events_default`);
    expect(n).toBe(0);
    // idempotent: a second pass (another instance) creates nothing
    expect(await t.app.get(AuditPartitionsJob).runOnce()).toEqual({ created: 0 });
  });

  it('a period lists its events newest first by time and pages through each once, across a month boundary and whatever order the ids were drawn in', async () => {
    const now = new Date();
    const boundary = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1); // the first of last month
    const hours = (h: number) => new Date(boundary + h * 3_600_000);
    await t.db.query('SELECT audit_events_ensure_partitions($1::date, $2::date)', [hours(-24 * 40), now]);
    // written out of time order (a back-filled import does this), so id order and time order disagree
    const at = [hours(50), hours(-30), hours(1), hours(-100), hours(-1), hours(30), hours(-24 * 20), hours(24 * 20)];
    for (const [i, when] of at.entries()) {
      await t.db.query(
        `INSERT INTO audit_events (at, actor_sub, actor_roles, actor_teams, action, resource_type, resource_id, outcome) VALUES ($1, 'aud-test', '{}', '{}', 'test.period', 'test', $2, 'allowed')`,
        [when, String(i)],
      );
    }
    const auditor = await t.token({ sub: 'aud-1', roles: ['auditor'], teams: [] });
    const period = `from=${hours(-24 * 5).toISOString()}&to=${hours(24 * 5).toISOString()}`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { at: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/api/v1/audit-events?${period}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', `Bearer ${auditor}`)
        .expect(200);
      seen.push(...res.body.items.map((e: { at: string }) => e.at));
      cursor = res.body.nextCursor;
    } while (cursor);
    const inPeriod = at.filter((d) => Math.abs(d.getTime() - boundary) < 5 * 24 * 3_600_000);
    expect(seen).toEqual(inPeriod.sort((a, b) => b.getTime() - a.getTime()).map((d) => d.toISOString()));

    const forged = Buffer.from(JSON.stringify(['1; SELECT 1'])).toString('base64url');
    const bad = await t.http().get(`/api/v1/audit-events?${period}&cursor=${forged}`).set('Authorization', `Bearer ${auditor}`).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it("finds when each EDD was first set from an index of those rows only, not by reading the window's whole trail", async () => {
    // A month of other audit rows around a few EDD entries: the board and the EDD measure used to
    // read every row of their window (808 ms for 30 days at 100,000 rows a day, docs/benchmarks.md).
    await t.db.query(
      `INSERT INTO audit_events (at, actor_sub, actor_roles, actor_teams, action, resource_type, resource_id, outcome)
       SELECT now() - (g || ' seconds')::interval, 'staff-1', ARRAY['care_coordinator'], ARRAY['T'],
         CASE WHEN g % 1000 = 0 THEN 'admission.estimated_discharge' ELSE 'patient.read' END,
         CASE WHEN g % 1000 = 0 THEN 'admission' ELSE 'patient' END, gen_random_uuid()::text, 'allowed'
       FROM generate_series(1, 20000) g`,
    );
    await t.db.query('ANALYZE audit_events');
    const [{ 'QUERY PLAN': plan }] = await t.db.query(
      `EXPLAIN (FORMAT JSON) WITH edd_window AS (SELECT now() - interval '30 days' AS lo, 'infinity'::timestamptz AS hi), ${EDD_FIRST_SET} SELECT count(*) FROM edd`,
    );
    const used = [...JSON.stringify(plan).matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]);
    const eddIndexes: string[] = (
      await t.db.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'idx_audit_edd_set'::regclass`)
    ).map((r: { name: string }) => r.name);
    expect(used.length).toBeGreaterThan(0);
    expect(used.every((name) => eddIndexes.includes(name))).toBe(true);
  });
});
