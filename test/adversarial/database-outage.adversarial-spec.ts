import { TestApp, createTestApp, signToken } from '../support/app';
import { buildService, startService, stopService } from './support';
import { TcpProxy } from './tcp-proxy';

/**
 * Issue 12 (c): PostgreSQL goes away for a few seconds under traffic. The compiled service reaches
 * PostgreSQL through a TCP proxy that is cut (new connections refused, open ones reset, as when
 * PostgreSQL stops) and restored. Every request answers in time, 2xx or 503 problem+json
 * DATABASE_UNAVAILABLE (never a 500, never a hang); every acknowledged write is there afterwards;
 * replaying every key performs each request once; the service recovers by itself.
 */
describe('database outage under traffic', () => {
  const OUTAGE_MS = Number(process.env.ADVERSARIAL_OUTAGE_MS ?? 6000);
  const WORKERS = 8;
  const REQUEST_TIMEOUT_MS = 20_000;
  let t: TestApp;
  beforeAll(async () => {
    buildService();
    t = await createTestApp();
    await t.truncate();
  });
  afterAll(() => t.close());

  it('answers 2xx or 503 problem+json throughout, loses no acknowledged write and recovers by itself', async () => {
    const target = new URL(t.databaseUrl);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const proxied = new URL(t.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(await proxy.listen());
    const s = await startService(proxied.toString(), { DB_POOL_SIZE: '5' });

    const admin = await signToken({ sub: 'admin-outage', roles: ['admin'] });
    type Outcome = { key: string; kind: 'write' | 'read'; status: number; code?: string; problemJson: boolean; ms: number; at: number };
    const outcomes: Outcome[] = [];
    const keys: { key: string; ods: string }[] = [];
    const send = async (kind: 'write' | 'read', k: { key: string; ods: string }): Promise<Outcome> => {
      const started = Date.now();
      try {
        const res =
          kind === 'write'
            ? await fetch(`${s.base}/api/v1/organisations`, {
                method: 'POST',
                headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json', 'Idempotency-Key': k.key },
                body: JSON.stringify({ odsCode: k.ods, name: `Outage ${k.key}`, type: 'gp_practice' }),
                signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
              })
            : await fetch(`${s.base}/api/v1/organisations/${k.ods}`, { headers: { Authorization: `Bearer ${admin}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const text = await res.text();
        const problemJson = (res.headers.get('content-type') ?? '').includes('application/problem+json');
        const code = problemJson ? (JSON.parse(text) as { code?: string }).code : undefined;
        return { key: k.key, kind, status: res.status, code, problemJson, ms: Date.now() - started, at: started };
      } catch (e) {
        // 0: no answer at all (connection lost, or no answer within REQUEST_TIMEOUT_MS: a hang)
        return { key: k.key, kind, status: 0, code: (e as Error).name, problemJson: false, ms: Date.now() - started, at: started };
      }
    };

    let stop = false;
    let next = 0;
    const acknowledged = new Map<string, string>();
    const worker = async (w: number) => {
      while (!stop) {
        const i = next++;
        const k = { key: `outage-${i}`, ods: `W${String(i).padStart(5, '0')}` };
        keys.push(k);
        const write = await send('write', k);
        outcomes.push(write);
        if (write.status === 201) {
          acknowledged.set(k.key, k.ods);
          outcomes.push(await send('read', k)); // read back what was acknowledged
        }
        // a client backs off a little after a refusal
        await new Promise((r) => setTimeout(r, write.status === 201 ? 5 + w : 50 + 10 * w));
      }
    };

    try {
      const traffic = Array.from({ length: WORKERS }, (_, w) => worker(w));
      await new Promise((r) => setTimeout(r, 1500));
      const cutAt = Date.now();
      await proxy.cut();
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      const healthDuring = await fetch(`${s.base}/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then((r) => r.status);
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      await proxy.restore();
      const restoredAt = Date.now();
      // recovered: the first write started after the restore that was acknowledged
      const deadline = restoredAt + 30_000;
      let recoveredAt: number | undefined;
      while (!recoveredAt && Date.now() < deadline) {
        recoveredAt = outcomes.find((o) => o.kind === 'write' && o.at >= restoredAt && o.status === 201)?.at;
        if (!recoveredAt) await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 1500));
      stop = true;
      await Promise.all(traffic);

      const during = outcomes.filter((o) => o.at >= cutAt && o.at < restoredAt);
      const unexpected = outcomes.filter((o) => !(o.status === 201 || o.status === 200 || (o.status === 503 && o.problemJson && o.code === 'DATABASE_UNAVAILABLE')));
      if (unexpected.length) console.log(unexpected.slice(0, 10), s.output().slice(-3000));
      expect(unexpected).toEqual([]);
      expect(during.filter((o) => o.status === 503).length).toBeGreaterThan(0); // the outage really happened
      expect(healthDuring).toBe(503);
      expect(s.child.exitCode).toBeNull(); // still running: nobody restarted it
      expect(recoveredAt).toBeDefined();
      const recoveryMs = (recoveredAt as number) - restoredAt;
      expect(recoveryMs).toBeLessThan(10_000);
      expect((await fetch(`${s.base}/health`)).status).toBe(200);
      const slowest = Math.max(...outcomes.map((o) => o.ms));
      expect(slowest).toBeLessThan(REQUEST_TIMEOUT_MS);

      // every acknowledged write is there
      const present = new Set((await t.db.query(`SELECT ods_code FROM organisations WHERE ods_code LIKE 'W%'`)).map((r: { ods_code: string }) => r.ods_code));
      const lost = [...acknowledged.values()].filter((ods) => !present.has(ods));
      expect(lost).toEqual([]);

      // a client retrying every key after the outage: each request performed exactly once
      const replays: number[] = [];
      for (let i = 0; i < keys.length; i += 25) {
        replays.push(...(await Promise.all(keys.slice(i, i + 25).map((k) => send('write', k)))).map((o) => o.status));
      }
      expect(replays.filter((st) => st !== 201)).toEqual([]);
      const [{ orgs, distinct_keys, stuck }] = await t.db.query(
        `SELECT (SELECT count(*) FROM organisations WHERE ods_code LIKE 'W%')::int AS orgs,
                (SELECT count(*) FROM idempotency_keys WHERE key LIKE 'outage-%')::int AS distinct_keys,
                (SELECT count(*) FROM idempotency_keys WHERE status_code IS NULL)::int AS stuck`,
      );
      expect({ orgs, distinct_keys, stuck }).toEqual({ orgs: keys.length, distinct_keys: keys.length, stuck: 0 });

      const refused = outcomes.filter((o) => o.status === 503).length;
      const slowest503 = Math.max(0, ...outcomes.filter((o) => o.status === 503).map((o) => o.ms));
      console.log(
        `database-outage: ${outcomes.length} requests (${during.length} during a ${OUTAGE_MS} ms outage), ${refused} answered 503 DATABASE_UNAVAILABLE ` +
          `(slowest ${slowest503} ms), 0 500s, 0 hangs; ${acknowledged.size} acknowledged writes, 0 lost; ${keys.length} keys replayed, 0 duplicated, 0 stuck; ` +
          `recovered ${recoveryMs} ms after PostgreSQL returned`,
      );
    } finally {
      stop = true;
      await stopService(s);
      await proxy.close();
    }
  });
});
