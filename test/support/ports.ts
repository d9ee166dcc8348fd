import { createServer } from 'node:net';

/**
 * A TCP port nothing listens on now, picked by the kernel. Random ports in the ephemeral range
 * (32768-60999) collide with the local ports of the run's own client connections and test servers:
 * CI once lost a run to an embedded PostgreSQL that could not bind its random port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
