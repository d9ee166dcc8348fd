import type { EntityManager } from 'typeorm';

export type RelationshipRow = Record<string, unknown>;

/** The relationship providers' statements (each written in its owner's repository), run as one. */
export class RelationshipRowsRepository {
  private composed = new Map<string, string>();

  /**
   * The rows of each statement in `sqls` for the patient `$1` (practice `$2`), tagged with the
   * statement's index `k`, in each statement's own order. The first branch finds nothing; it fixes
   * the two parameters' types whether or not a statement uses them.
   */
  async of(em: EntityManager, sqls: string[], patientId: string, practiceOds: string | null): Promise<{ k: number; row: RelationshipRow }[]> {
    const key = sqls.join('\u0000');
    let sql = this.composed.get(key);
    if (sql === undefined) {
      const branches = sqls.map((s, k) => `SELECT ${k} AS k, row_number() OVER () AS n, to_jsonb(x) AS row FROM (${s}) x`);
      sql = `SELECT k, row FROM (
          SELECT -1 AS k, 0::bigint AS n, NULL::jsonb AS row WHERE $1::uuid IS NULL AND $2::varchar IS NULL
          UNION ALL ${branches.join('\n          UNION ALL ')}) t
        ORDER BY k, n`;
      this.composed.set(key, sql);
    }
    return em.query(sql, [patientId, practiceOds]);
  }
}
