import { type Server, createServer } from 'node:net';

/**
 * `count` distinct TCP ports nothing listens on now, picked by the kernel, for the tests, the docs
 * check and the benchmarks. Random ports in the ephemeral range (32768-60999) collide with the
 * local ports of the run's own client connections and test servers: CI once lost a run to an
 * embedded PostgreSQL that could not bind its random port. Every port is held until all are
 * picked, so two asked for together are never the same.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}
