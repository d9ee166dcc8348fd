import type { EntityManager } from 'typeorm';

// biome-ignore lint/suspicious/noExplicitAny: a row of JSON from a statement its owner writes next to the code that reads it
export type SectionRow = Record<string, any>;

/** The single view's section statements (each written in its owner's repository), run as one. */
export class PatientViewRepository {
  private composed = new Map<string, string>();

  /** One row: for each statement, its rows as a JSON array under `column`. */
  async sections(em: EntityManager, statements: { column: string; sql: string }[], patientId: string): Promise<Record<string, SectionRow[]>> {
    const key = statements.map((s) => `${s.column}\u0000${s.sql}`).join('\u0000');
    let sql = this.composed.get(key);
    if (sql === undefined) {
      const columns = statements.map((s) => `(SELECT COALESCE(json_agg(x), '[]'::json) FROM (${s.sql}) x) AS "${s.column}"`);
      sql = `SELECT $1::uuid AS patient_id, ${columns.join(',\n  ')}`;
      this.composed.set(key, sql);
    }
    const [row] = await em.query(sql, [patientId]);
    return row;
  }
}
