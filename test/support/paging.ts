import type { TestApp } from './app';

/**
 * Puts the rows `ids` of `table` in one millisecond, `column` apart by microseconds (as `now()`
 * writes them) in the opposite order to their ids, so that a tie broken on id cannot pass for the
 * right order. Answers the ids in ascending order of `column`.
 */
export async function inOneMillisecond(t: TestApp, table: string, column: string, ids: string[]): Promise<string[]> {
  const byId = [...ids].sort();
  for (const [i, id] of byId.entries()) {
    await t.db.query(`UPDATE ${table} SET ${column} = '2026-01-10T09:00:00.123Z'::timestamptz + ($2::int * interval '1 microsecond') WHERE id = $1`, [
      id,
      900 - i * 100,
    ]);
  }
  return byId.reverse();
}

/**
 * Every item of the list at `path`, one page of one item at a time, each page from the cursor the
 * one before handed on. Stops after `max` items, so a list that repeats a row cannot loop forever.
 */
export async function pageByPage<T>(t: TestApp, authorization: string, path: string, max = 20): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | null = null;
  do {
    const url = `${path}${path.includes('?') ? '&' : '?'}limit=1${cursor ? `&cursor=${cursor}` : ''}`;
    const page: { items: T[]; nextCursor: string | null } = (await t.http().get(url).set('Authorization', authorization).expect(200)).body;
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && seen.length < max);
  return seen;
}
