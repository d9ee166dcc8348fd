/**
 * `npm run bench:compare [-- --population 20000 --duration 8 --rounds 3 --processes 1]`:
 * the service against the bare baseline (bench/bare-server.ts) in the same run, on the same
 * database. Each is its own process (as in production: autocannon does not share their CPU);
 * rounds alternate service and bare, and the table shows medians and the ratio service / bare.
 * Never part of `npm test`; record what it prints in docs/benchmarks.md.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { syntheticPopulation } from '../src/seed/population';
import { seedDatabase } from '../src/seed/seed';
import { BENCH_SECRET, arg, benchConfig, sign, withScratchDatabase } from './support';

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Target {
  base: string;
  method: 'GET' | 'POST';
  paths: string[];
  body?: (i: number) => string;
  headers?: Record<string, string>;
}

async function measure(t: Target, duration: number, connections = 10): Promise<Result> {
  let i = 0;
  const r = await autocannon({
    url: t.base,
    connections,
    duration,
    requests: [
      {
        method: t.method,
        setupRequest: (req) => {
          const n = i++;
          return { ...req, path: t.paths[n % t.paths.length], headers: { ...req.headers, ...t.headers }, body: t.body?.(n) };
        },
      },
    ],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function start(script: string, args: string[], env: Record<string, string>, ready: (line: string) => boolean): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.on('message', (m) => m === 'ready' && resolve(child));
    child.stdout?.on('data', (d: Buffer) => ready(d.toString()) && resolve(child));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const population = arg('population', 20_000);
  const duration = arg('duration', 8);
  const rounds = arg('rounds', 3);
  const processes = arg('processes', 1);
  const config = benchConfig();
  await withScratchDatabase(config, async (url) => {
    const seeded = await seedDatabase(url, { population });
    console.log(`seeded ${seeded.patients} patients`);
    const servicePorts = Array.from({ length: processes }, (_, k) => 47_100 + k);
    const services = await Promise.all(
      servicePorts.map((port) =>
        start(join(__dirname, '../src/main.js'), [], {
          NODE_ENV: 'production',
          DATABASE_URL: url,
          PORT: String(port),
          HOST: '127.0.0.1',
          AUTH_JWT_SECRET: BENCH_SECRET,
          LOG_LEVEL: 'silent',
          MIGRATIONS_RUN: 'false',
          SEED_ON_FIRST_START: 'false',
          RATE_LIMIT_PER_MINUTE: '1000000',
        }, (line) => line.includes('Listening on')),
      ),
    );
    const bare = await start(join(__dirname, 'bare-server.js'), [url, '47200'], {}, () => false);
    // with two processes autocannon's connections are spread over both by path: a simple local balancer
    const service = `http://127.0.0.1:${servicePorts[0]}`;
    const bareBase = 'http://127.0.0.1:47200';
    const nav = await sign({ roles: ['care_navigator'], teams: ['SKC-SPOA'], org: 'RYY' }, 'bench-nav');
    const auth = { authorization: `Bearer ${nav}` };
    const people = [...syntheticPopulation(Math.min(population, 5000))].map((p) => p.nhsNumber as string);
    const referral = JSON.stringify({
      source: { type: 'gp', name: 'Dr Bench' },
      reason: 'Two falls this week, struggling with stairs',
      urgency: 'urgent',
    });
    const scenarios: { name: string; service: Target; bare: Target; alsoBare?: Target }[] = [
      {
        name: '`GET /health` (fixed cost of a request)',
        service: { base: service, method: 'GET', paths: ['/health'] },
        bare: { base: bareBase, method: 'GET', paths: ['/health'] },
      },
      {
        name: '`POST /api/v1/referrals` (intake, known patient)',
        service: {
          base: service,
          method: 'POST',
          paths: ['/api/v1/referrals'],
          headers: { ...auth, 'content-type': 'application/json' },
          body: (i) => referral.replace('{', `{"nhsNumber":"${people[i % people.length]}",`),
        },
        bare: { base: bareBase, method: 'POST', paths: people.map((n) => `/referrals/${n}`) },
        alsoBare: { base: bareBase, method: 'POST', paths: ['/one-insert'] },
      },
      {
        name: '`GET /api/v1/patients/{nhs}` (audited single view)',
        service: { base: service, method: 'GET', paths: people.map((n) => `/api/v1/patients/${n}`), headers: auth },
        bare: { base: bareBase, method: 'GET', paths: people.map((n) => `/patients/${n}`) },
      },
    ];
    console.log(`\n${processes} service process(es), 10 connections, ${duration} s x ${rounds} rounds, medians\n`);
    console.log('| path | bare req/s | service req/s | service p50 / p99 ms | ratio | errors |');
    console.log('|---|---|---|---|---|---|');
    for (const s of scenarios) {
      const runs: { service: Result[]; bare: Result[]; also: Result[] } = { service: [], bare: [], also: [] };
      for (let r = 0; r < rounds; r++) {
        runs.bare.push(await measure(s.bare, duration));
        runs.service.push(await measure(s.service, duration));
        if (s.alsoBare) runs.also.push(await measure(s.alsoBare, duration));
      }
      const sv = median(runs.service.map((x) => x.rps));
      const bv = median(runs.bare.map((x) => x.rps));
      const errors = [...runs.service, ...runs.bare].reduce((n, x) => n + x.errors, 0);
      console.log(
        `| ${s.name} | ${bv.toFixed(0)} | ${sv.toFixed(0)} | ${median(runs.service.map((x) => x.p50))} / ${median(runs.service.map((x) => x.p99))} | **${(sv / bv).toFixed(2)}** | ${errors} |`,
      );
      if (runs.also.length) {
        const av = median(runs.also.map((x) => x.rps));
        console.log(`| … against one INSERT per request | ${av.toFixed(0)} | ${sv.toFixed(0)} | | ${(sv / av).toFixed(2)} | |`);
      }
    }
    // stop the servers before their database goes away
    await Promise.all([...services, bare].map((c) => new Promise((done) => {
      c.removeAllListeners('exit');
      c.once('exit', done);
      c.kill('SIGTERM');
    })));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
