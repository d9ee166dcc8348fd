import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ALERT_CHANNEL } from './alerts.service';

export interface AlertNotice {
  id: string;
  teamCode: string;
}

type Listener = (notice: AlertNotice) => void;

/**
 * Live alerts across instances: one dedicated connection per instance LISTENs on the channel that
 * AlertsService.raise NOTIFYs in the alert's own transaction, so a client connected to any
 * instance hears of an alert committed on any other, within moments of the commit and never for
 * a rollback. The connection opens with the first subscriber and reconnects after a failure.
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
    client.on('error', () => {
      this.logger.warn({ event: 'alert_stream_connection_lost' });
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (!this.closed && this.listeners.size > 0) setTimeout(() => void this.ensureListening().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${ALERT_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }
}
