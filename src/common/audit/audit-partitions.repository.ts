import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The monthly partitions of audit_events (migration 1796000000000 defines the function). */
@Injectable()
export class AuditPartitionsRepository {
  /** Creates every missing month from `from` to `to` (moving any row the default partition caught); returns how many. */
  async ensure(em: EntityManager, from: Date, to: Date): Promise<number> {
    const [row]: { created: number }[] = await em.query('SELECT audit_events_ensure_partitions($1::date, $2::date) AS created', [from, to]);
    return row.created;
  }

  /** The months that exist, oldest first, and how many rows the default partition holds. */
  async months(em: EntityManager): Promise<{ months: string[]; inDefault: number }> {
    const parts: { name: string }[] = await em.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'audit_events'::regclass AND c.relname <> 'audit_events_default' ORDER BY c.relname`,
    );
    const [d]: { n: number }[] = await em.query('SELECT count(*)::int AS n FROM audit_events_default');
    return { months: parts.map((p) => p.name.replace('audit_events_', '').replace('_', '-')), inDefault: d.n };
  }
}
