import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';

/**
 * `count` distinct TCP ports nothing listens on now, for the tests, the docs check and the benchmarks.
 *
 * A picked port is released before its user listens on it, so it must be one the kernel will not hand
 * to anyone else meanwhile. Ports in the kernel's ephemeral range (32768-60999 on Linux) are exactly
 * the ones it hands out for the run's own outgoing connections: a kernel-picked port was once taken by
 * a database connection the test opened between the pick and its `listen` (EADDRINUSE), and random
 * ones in that range once cost CI an embedded PostgreSQL. So ports come from below the ephemeral range.
 *
 * That window is split into one slice per Jest worker, so parallel workers never pick the same port,
 * and each process walks its slice from a random start, so it never hands out one port twice while the
 * first user may still be on its way to `listen`. A port something already listens on is skipped.
 */
export async function freePorts(count: number): Promise<number[]> {
  const picked: number[] = [];
  const held: Server[] = [];
  try {
    for (let tries = 0; picked.length < count; tries++) {
      if (tries >= slice.size) throw new Error(`no free port in ${slice.first}-${slice.first + slice.size - 1}`);
      const port = slice.first + (cursor++ % slice.size);
      const server = await holdPort(port);
      if (!server) continue;
      held.push(server);
      picked.push(port);
    }
    return picked;
  } finally {
    await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/** The ports below the kernel's ephemeral range that this process picks from. */
export function portSlice(ephemeralLow = kernelEphemeralLow(), workerId = Number(process.env.JEST_WORKER_ID ?? 0)) {
  const top = Math.min(ephemeralLow, 32768);
  const bottom = Math.max(1024, top - 12_000);
  const slices = 16;
  const size = Math.floor((top - bottom) / slices);
  return { first: bottom + (workerId % slices) * size, size };
}

const slice = portSlice();
let cursor = Math.floor(Math.random() * slice.size);

function kernelEphemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768; // not Linux: macOS's range starts at 49152, so below 32768 is outside it too
  }
}

function holdPort(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
