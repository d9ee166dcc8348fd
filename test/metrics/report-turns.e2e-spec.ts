import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { REPORT_TURN_LOCK, ReportTurnsRepository } from '../../src/modules/metrics/report-turns.repository';
import { TestApp, createTestApp } from '../support/app';

/**
 * Reports take turns (METRICS_CONCURRENT_REPORTS across every instance, advisory locks): a burst of
 * year-long reports cannot take every connection and the database's CPU from clinical work. The
 * test holds turns from its own connection, as another instance's reports would.
 */
describe('metrics report turns', () => {
  let t: TestApp;
  let other: Client;
  let commissioner: string;
  let log = '';
  const TURNS = 2;

  const takeTurns = async (...turns: number[]) => {
    await other.query('BEGIN');
    for (const n of turns) await other.query('SELECT pg_advisory_xact_lock(hashtext($1), $2)', [REPORT_TURN_LOCK, n]);
  };
  const report = () => t.http().get('/api/v1/metrics').set('Authorization', `Bearer ${commissioner}`);

  beforeAll(async () => {
    // a pool of 5 connections, so six waiting reports would starve it if waiting held one
    const stream = new PassThrough();
    stream.on('data', (chunk) => {
      log += chunk.toString();
    });
    t = await createTestApp({ METRICS_CONCURRENT_REPORTS: String(TURNS), METRICS_REPORT_WAIT_SECONDS: '3', DB_POOL_SIZE: '5', LOG_LEVEL: 'info' }, { logStream: stream });
    await t.truncate();
    commissioner = await t.token({ sub: 'com-1', roles: ['commissioner'] });
    other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
  });
  afterEach(() => other.query('ROLLBACK'));
  afterAll(async () => {
    await other.end();
    await t.close();
  });

  it('produces the report on a free turn while another instance holds the rest', async () => {
    await takeTurns(1);
    const res = await report().expect(200);
    expect(res.body.measures.length).toBeGreaterThan(0);
  });

  it('answers 503 REPORTS_BUSY with Retry-After when no turn comes free in time, and waiting reports hold no connection', async () => {
    await takeTurns(1, 2);
    const started = Date.now();
    const waiting = Array.from({ length: 6 }, () => report());
    const answers = Promise.all(waiting.map((r) => r.then((x) => x)));
    // /health gives up on the database after 2 s: it answers 200 only if the pool has a connection for it
    await new Promise((r) => setTimeout(r, 500));
    await t.http().get('/health').expect(200);
    for (const res of await answers) {
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('10');
      expect(res.body).toMatchObject({ code: 'REPORTS_BUSY', status: 503 });
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    // shed on purpose: logged as a warning with its code, not as a failure with a stack
    const shed = log
      .split('\n')
      .filter((l) => l.includes('REPORTS_BUSY') && !l.includes('"res"'))
      .map((l) => JSON.parse(l));
    expect(shed).toHaveLength(6);
    for (const line of shed) {
      expect(line.level).toBe(40);
      expect(line).not.toHaveProperty('stack');
    }
  });

  it('produces the report once a turn comes free during its wait', async () => {
    await takeTurns(1, 2);
    const pending = report().then((x) => x);
    await new Promise((r) => setTimeout(r, 400));
    await other.query('COMMIT');
    await other.query('BEGIN');
    expect((await pending).status).toBe(200);
  });

  it('stops waiting for a turn when the client goes away', async () => {
    await takeTurns(1, 2);
    const tries = jest.spyOn(t.app.get(ReportTurnsRepository), 'take');
    try {
      // the client gives up after 300 ms (a closed dashboard tab, a timed-out script)
      await report()
        .timeout(300)
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
      const before = tries.mock.calls.length;
      expect(before).toBeGreaterThan(0);
      // a waiting report tries again at least every second until its 3 s are up: this one has stopped
      await new Promise((r) => setTimeout(r, 1500));
      expect(tries.mock.calls.length).toBe(before);
    } finally {
      tries.mockRestore();
    }
  });

  it('takes the first free turn and only that one, and gives it back when the transaction ends', async () => {
    const turns = t.app.get(ReportTurnsRepository);
    // the turns (objid) held by the service's connections in this database
    const held = async () =>
      (
        await other.query(
          `SELECT objid::int AS turn FROM pg_locks
           WHERE locktype = 'advisory' AND objsubid = 2 AND pid <> pg_backend_pid()
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )
      ).rows.map((r) => r.turn);
    await takeTurns(1);
    await t.db.transaction(async (em) => {
      expect(await turns.take(em, 3)).toBe(true);
      expect(await held()).toEqual([2]);
    });
    expect(await held()).toEqual([]);
  });
});
