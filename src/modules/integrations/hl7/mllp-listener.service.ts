import net from 'node:net';
import { Hl7Connection } from '@medplum/hl7';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { Hl7IngestService } from './hl7-ingest.service';

/**
 * The MLLP listener (HL7_MLLP_PORT, bound to HL7_MLLP_HOST; off when the port is unset). Framing and
 * parsing are `@medplum/hl7`'s Hl7Connection (one per socket). We own only the TCP server, because
 * the library's Hl7Server listens on every interface and cannot be bound to one host.
 * Messages on one connection are handled one after another, in arrival order, and each ACK is sent
 * only after its transaction committed. A dropped connection loses only the message in flight: not
 * committed means no ACK, and the sender resends it; committed means the resend is a duplicate.
 */
@Injectable()
export class MllpListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MllpListener');
  private server?: net.Server;
  private readonly connections = new Set<Hl7Connection>();

  constructor(
    private readonly ingest: Hl7IngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.integrations.mllpPort;
    if (port === undefined) return;
    await this.listen(port, this.config.integrations.mllpHost);
  }

  /** Starts listening (tests pass port 0 and read `port()`). */
  async listen(port: number, host: string): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log({ event: 'mllp_listening', host, port: this.port() });
    return this.port();
  }

  port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  private accept(socket: net.Socket): void {
    const connection = new Hl7Connection(socket);
    this.connections.add(connection);
    let queue: Promise<void> = Promise.resolve();
    connection.addEventListener('message', (event) => {
      queue = queue.then(async () => {
        try {
          const ack = await this.ingest.receive(event.message);
          if (!connection.isClosed()) connection.send(ack);
        } catch (e) {
          // Nothing committed (or the database is down): no ACK, so the sender resends.
          this.logger.error({ event: 'hl7_receive_failed', error: (e as Error)?.name ?? 'Error' });
        }
      });
    });
    connection.addEventListener('error', () => this.logger.warn({ event: 'mllp_connection_error' }));
    connection.addEventListener('close', () => this.connections.delete(connection));
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.connections) c.socket.destroy();
    await closed;
  }
}
