import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ALERT_CHANNEL, listenForAlerts } from './alerts.repository';

export interface AlertNotice {
  id: string;
  teamCode: string;
}

type Listener = (notice: AlertNotice) => void;

/**
 * Live alerts across instances: one dedicated connection per instance LISTENs on the channel that
 * AlertsService.raise NOTIFYs in the alert's own transaction, so a client connected to any
 * instance hears of an alert committed on any other, within moments of the commit and never for
 * a rollback. The connection opens with the first subscriber; if it is lost, every stream is
 * ended (clients reconnect) rather than silently missing alerts.
 */
@Injectable()
export class AlertStreamService implements OnModuleDestroy {
  private readonly logger = new Logger('AlertStream');
  private readonly listeners = new Set<{ teams: Set<string>; fn: Listener; end?: () => void }>();
  private client?: Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(private readonly db: DataSource) {}

  /**
   * Calls `fn` for every alert raised for one of `teams`; resolves once listening. `end` is called
   * at shutdown (so open streams do not hold the server open). Returns the unsubscribe.
   */
  async subscribe(teams: string[], fn: Listener, end?: () => void): Promise<() => void> {
    const entry = { teams: new Set(teams), fn, end };
    this.listeners.add(entry);
    try {
      await this.ensureListening();
    } catch (e) {
      this.listeners.delete(entry);
      throw e;
    }
    return () => {
      this.listeners.delete(entry);
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const l of this.listeners) l.end?.();
    this.listeners.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private ensureListening(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const url = (this.db.options as { url?: string }).url;
    const client = new Client({ connectionString: url });
    client.on('notification', (msg) => {
      if (msg.channel !== ALERT_CHANNEL || !msg.payload) return;
      let notice: AlertNotice;
      try {
        notice = JSON.parse(msg.payload) as AlertNotice;
      } catch {
        return;
      }
      for (const l of this.listeners) if (l.teams.has(notice.teamCode)) l.fn(notice);
    });
    // Losing the connection could lose notifications: end every stream so clients reconnect (and
    // re-read GET /alerts); the next subscriber opens a new listening connection.
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.logger.warn({ event: 'alert_stream_connection_lost', streams: this.listeners.size });
      for (const l of this.listeners) l.end?.();
      this.listeners.clear();
      void client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await listenForAlerts(client);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }
}
