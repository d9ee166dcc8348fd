import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { freePort, freePorts, portSlice } from '../../scripts/free-ports';

// The ports tests and benches listen on are picked, released, then listened on. The kernel hands its
// ephemeral range to the run's own outgoing connections, so a port from there can be taken in between.
describe('freePorts', () => {
  const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

  it('picks ports below the kernel’s ephemeral range', async () => {
    for (const port of await freePorts(20)) expect(port).toBeLessThan(ephemeralLow);
  });

  it('never hands out the same port twice in one process', async () => {
    const ports = [...(await freePorts(10)), ...(await freePorts(10)), ...(await freePorts(10))];
    expect(new Set(ports).size).toBe(30);
  });

  it('skips a port something already listens on', async () => {
    const { first, size } = portSlice();
    let taken: Server | undefined;
    for (let port = first; !taken; port++) taken = await listenOn(port);
    const takenPort = (taken.address() as { port: number }).port;
    try {
      // one at a time, once round the whole slice, so the walk passes the taken port
      const picked: number[] = [];
      for (let i = 0; i < size; i++) picked.push(await freePort());
      expect(picked).not.toContain(takenPort);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('gives each Jest worker its own slice', () => {
    const slices = [1, 2, 3, 4].map((worker) => portSlice(32768, worker));
    for (const [i, s] of slices.entries()) {
      expect(s.first + s.size).toBeLessThanOrEqual(32768);
      if (i > 0) expect(s.first).toBeGreaterThanOrEqual(slices[i - 1].first + slices[i - 1].size);
    }
  });
});

function listenOn(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
