/**
 * `npm run bench:hl7 [-- --messages 2000 --connections 4 --samples 200]`: seeds the demo reference
 * data into a scratch database (embedded, or DATABASE_URL), boots one instance in-process with its
 * MLLP listener on a loopback port, and measures
 *  1. messages per second: `--messages` A01s for new patients (the feed creates each patient),
 *     over `--connections` MLLP connections, each message waiting for its ACK (ACK after commit);
 *  2. A01 -> alert on the SSE stream: for `--samples` patients with a care coordinator team, the time
 *     from sending the A01 to the `admission` frame arriving on an open `/alerts/stream` (p50/p99).
 * Numbers go to stdout; record them in docs/benchmarks.md.
 */
import 'reflect-metadata';
import http from 'node:http';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { DataSource } from 'typeorm';
import { testRangeNhsNumbers } from '../src/common/validation/nhs-number';
import { MllpListener } from '../src/modules/integrations/hl7/mllp-listener.service';
import { seedDatabase } from '../src/seed/seed';
import { arg, benchConfig, sign, startApp, withScratchDatabase } from './support';

const TEAM = 'SKC-NCT-DD1';

function hl7Time(at: Date): string {
  return `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

function a01(controlId: string, nhsNumber: string, at: Date): Hl7Message {
  const pv1 = new Array<string>(46).fill('');
  Object.assign(pv1, { 0: 'PV1', 1: '1', 2: 'I', 3: 'AMU^^1^ZEKHT', 4: '21', 44: hl7Time(at) });
  return Hl7Message.parse(
    [
      `MSH|^~\\&|PAS|ZEKHT|SPOA|ZKCHT|${hl7Time(new Date())}||ADT^A01^ADT_A01|${controlId}|P|2.4`,
      `EVN|A01|${hl7Time(at)}`,
      `PID|1||${nhsNumber}^^^NHS^NH||BENCH^PATIENT||19400101|F`,
      pv1.join('|'),
    ].join('\r'),
  );
}

function quantile(values: number[], p: number): string {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
}

async function main(): Promise<void> {
  const messages = arg('messages', 2000);
  const connections = arg('connections', 4);
  const samples = arg('samples', 200);
  const config = benchConfig({ DB_POOL_SIZE: '10' });
  await withScratchDatabase(config, async (url) => {
    await seedDatabase(url, { population: 0 });
    const { app, base } = await startApp(config, url);
    try {
      const port = await app.get(MllpListener).listen(0, '127.0.0.1');
      const numbers = testRangeNhsNumbers(999_600_000);
      const at = new Date(Date.now() - 86_400_000);

      // 1. Throughput.
      const clients = Array.from({ length: connections }, () => new Hl7Client({ host: '127.0.0.1', port }));
      let next = 0;
      let notAa = 0;
      const started = performance.now();
      await Promise.all(
        clients.map(async (client) => {
          while (next < messages) {
            const i = next++;
            const ack = await client.sendAndWait(a01(`T${i}`, numbers.next().value as string, at));
            if (ack.getSegment('MSA')?.getField(1)?.toString() !== 'AA') notAa++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(`HL7 A01 over MLLP, one instance, ${connections} connections: ${(messages / seconds).toFixed(0)} messages/s (${messages} in ${seconds.toFixed(1)} s, ${notAa} not AA)`);

      // 2. A01 -> SSE alert latency.
      const db = app.get(DataSource);
      const known = Array.from({ length: samples }, () => numbers.next().value as string);
      for (const n of known) {
        await db.query(
          `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, care_coordinator_team_code, version) VALUES ($1, 'BENCH', 'KNOWN', '1940-01-01', $2, 1)`,
          [n, TEAM],
        );
      }
      const token = await sign({ roles: ['clinician'], teams: [TEAM] }, 'bench-nct');
      const arrivals = new Map<string, (t: number) => void>();
      const stream = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.get(`${base}/api/v1/alerts/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, resolve);
        req.on('error', reject);
      });
      let buffer = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data) {
            const alert = JSON.parse(data.slice(6)) as { type: string; nhsNumber: string };
            if (alert.type === 'admission') arrivals.get(alert.nhsNumber)?.(performance.now());
          }
          end = buffer.indexOf('\n\n');
        }
      });
      await new Promise((r) => setTimeout(r, 500));
      const latencies: number[] = [];
      const client = clients[0];
      for (const [i, n] of known.entries()) {
        const arrived = new Promise<number>((resolve) => arrivals.set(n, resolve));
        const sent = performance.now();
        await client.sendAndWait(a01(`L${i}`, n, at));
        latencies.push((await arrived) - sent);
      }
      stream.destroy();
      await Promise.all(clients.map((c) => c.close()));
      console.log(`A01 sent -> admission alert on the SSE stream: p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms (${samples} samples, one at a time)`);
    } finally {
      await app.close();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
