/**
 * Bind parameters for a statement built from optional clauses: `add(value)` returns its `$n`
 * placeholder, so a clause is written as `p.add(value)` where the value goes, and the values stay
 * in step with the numbers. The one way this code base numbers parameters.
 *
 *   const p = new SqlParams([teamCodes]);        // $1
 *   if (q.type) where.push(`t.type = ${p.add(q.type)}`);
 *   await em.query(`SELECT … WHERE ${where.join(' AND ')} LIMIT ${p.add(limit)}`, p.values);
 */
export class SqlParams {
  readonly values: unknown[];

  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }

  /** Binds a value and returns its placeholder (with a cast, e.g. `timestamptz`, when given). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }

  /**
   * The keyset condition of a page: rows after (`>`) or before (`<`) a cursor's (timestamp, id) pair
   * in the order of `columns` (e.g. `t.due_at, t.id`). Binds the timestamp, then the id.
   */
  keyset(columns: string, op: '<' | '>', [at, id]: readonly [unknown, unknown]): string {
    return `(${columns}) ${op} (${this.add(at, 'timestamptz')}, ${this.add(id, 'uuid')})`;
  }
}
