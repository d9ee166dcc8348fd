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
   * in the order of `columns` (e.g. `t.due_at, t.id`). Binds the timestamp, then the id. The
   * timestamp is the last row's `cursorAt` (see `selectCursorAt`), never a Date's text.
   */
  keyset(columns: string, op: '<' | '>', [at, id]: readonly [unknown, unknown]): string {
    return `(${columns}) ${op} (${this.add(at, 'timestamptz')}, ${this.add(id, 'uuid')})`;
  }
}

/**
 * The select-list item `"cursorAt"`: a timestamptz column's instant as text, in UTC, to the
 * microsecond PostgreSQL keeps (`2026-01-10T09:00:00.123456Z`), for the `time` place of a page's
 * cursor. node-pg reads timestamptz into a Date, which stops at the millisecond: a cursor built
 * from it skipped (descending lists) or repeated (ascending) the rows in the same millisecond as a
 * page's last row, after it in the order (hazard H18-7). Every list paged on a time builds its
 * cursor from this.
 */
export function selectCursorAt(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;
}

/** A listed row's sort instant as `selectCursorAt` writes it: for the next page's cursor, never shown in a response. */
export interface CursorAt {
  cursorAt: string;
}
