/**
 * Parameters every provider query takes: $1 from, $2 to (exclusive), $3 practice, $4 locality, $5 now.
 * PostgreSQL must infer a type for every bound parameter, so a query that does not otherwise use
 * one mentions it in a no-op such as `$5::timestamptz IS NOT NULL`.
 * IN_SCOPE is the population filter on a patients row aliased `p`.
 */
export const IN_SCOPE = `($3::text IS NULL OR p.gp_practice_ods = $3)
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.ods_code = p.gp_practice_ods AND o.locality = $4))`;

/** Age in whole years of patient `p` at the instant expression `at`. */
export const AGE_AT = (at: string) => `date_part('year', age((${at})::date, p.date_of_birth))`;

export function params(f: { from: Date; to: Date; practice?: string; locality?: string }, now: Date): unknown[] {
  return [f.from, f.to, f.practice ?? null, f.locality ?? null, now];
}
