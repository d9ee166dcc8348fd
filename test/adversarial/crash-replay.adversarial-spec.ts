import { createTestApp, TestApp, signToken } from '../support/app';
import { buildService, killHard, startService, stopService } from './support';

/**
 * Issue 12 item 2 for real: `kill -9` the compiled service in the middle of a burst of
 * idempotent creates, restart it, replay every key. No acknowledged create is lost, none is
 * duplicated, no key is left "in progress".
 */
describe('crash mid-burst, restart, replay the same keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    buildService();
    t = await createTestApp();
    await t.truncate();
  });
  afterAll(() => t.close());

  it('loses nothing acknowledged, duplicates nothing and leaves no stuck key (two kill -9 runs)', async () => {
    const admin = await signToken({ sub: 'admin-crash', roles: ['admin'] });
    const N = 150;
    const keys = Array.from({ length: N }, (_, i) => ({ key: `crash-${i}`, ods: `Y${String(i).padStart(5, '0')}` }));
    const send = (base: string, k: { key: string; ods: string }) =>
      fetch(`${base}/api/v1/organisations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json', 'Idempotency-Key': k.key },
        body: JSON.stringify({ odsCode: k.ods, name: `Crash ${k.key}`, type: 'gp_practice' }),
      }).then(
        (r) => r.status,
        () => 0,
      );
    const acknowledged = new Set<string>();
    let attempts = 0;
    for (let run = 0; run < 2; run++) {
      const s = await startService(t.databaseUrl, { DB_POOL_SIZE: '5' });
      const burst = keys.map(async (k, i) => {
        await new Promise((r) => setTimeout(r, i * 2));
        attempts += 1;
        const status = await send(s.base, k);
        if (status === 201) acknowledged.add(k.key);
      });
      // kill once some of this run's creates have been acknowledged: really mid-burst
      const target = acknowledged.size + 15;
      const deadline = Date.now() + 10_000;
      while (acknowledged.size < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await killHard(s);
      await Promise.all(burst);
    }
    expect(acknowledged.size).toBeLessThan(N); // the kill really landed mid-burst

    const s = await startService(t.databaseUrl);
    try {
      // replayed 25 at a time: a client retrying, not a load test (pool-exhaustion covers that)
      const replays: number[] = [];
      for (let i = 0; i < keys.length; i += 25) replays.push(...(await Promise.all(keys.slice(i, i + 25).map((k) => send(s.base, k)))));
      attempts += N;
      if (replays.some((st) => st !== 201)) console.log(s.output().slice(-3000));
      expect(replays.filter((st) => st !== 201)).toEqual([]);
    } finally {
      await stopService(s);
    }
    const [{ orgs, distinct_keys, stuck }] = await t.db.query(
      `SELECT (SELECT count(*) FROM organisations WHERE ods_code LIKE 'Y%')::int AS orgs,
              (SELECT count(*) FROM idempotency_keys WHERE key LIKE 'crash-%')::int AS distinct_keys,
              (SELECT count(*) FROM idempotency_keys WHERE status_code IS NULL)::int AS stuck`,
    );
    expect({ orgs, distinct_keys, stuck }).toEqual({ orgs: N, distinct_keys: N, stuck: 0 });
    const present: { ods_code: string }[] = await t.db.query(`SELECT ods_code FROM organisations WHERE ods_code LIKE 'Y%'`);
    const presentSet = new Set(present.map((r) => r.ods_code));
    for (const k of keys) if (acknowledged.has(k.key)) expect(presentSet.has(k.ods)).toBe(true);
    console.log(`crash-replay: ${attempts} requests, ${acknowledged.size} acknowledged before the kills, 0 lost, 0 duplicated, 0 stuck`);
  });
});
