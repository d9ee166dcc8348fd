import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A webhook as stored, without its secret (never selected for an answer). */
export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  created_by: string;
  created_at: Date;
}

const COLUMNS = 'id, url, events, description, active, created_by, created_at';

/** Webhook registrations (`webhooks`). */
@Injectable()
export class WebhooksRepository {
  async insert(em: EntityManager, w: { url: string; events: string[]; secret: string; description: string | null; createdBy: string }): Promise<WebhookRow> {
    const [row]: WebhookRow[] = await em.query(
      `INSERT INTO webhooks (url, events, secret, description, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [w.url, w.events, w.secret, w.description, w.createdBy],
    );
    return row;
  }

  list(em: EntityManager): Promise<WebhookRow[]> {
    return em.query(`SELECT ${COLUMNS} FROM webhooks ORDER BY created_at, id`);
  }

  async byId(em: EntityManager, id: string): Promise<WebhookRow | null> {
    const [row]: WebhookRow[] = await em.query(`SELECT ${COLUMNS} FROM webhooks WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Marks the webhook inactive; null when there is no such webhook. */
  async deactivate(em: EntityManager, id: string): Promise<WebhookRow | null> {
    const [rows]: [WebhookRow[]] = await em.query(`UPDATE webhooks SET active = false WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    return rows[0] ?? null;
  }
}
