/**
 * Parameters every provider query takes: $1 from, $2 to (exclusive), $3 practice, $4 locality, $5 now.
 * PostgreSQL must infer a type for every bound parameter, so a query that does not otherwise use
 * one mentions it in a no-op such as `$5::timestamptz IS NOT NULL`.
 */

/**
 * The practices of locality $4, listed once per statement: compared with every patient's practice, a
 * look-up of the practice's organisation per patient row took three times as long (1.07 s instead of
 * 0.31 s for a year's referrals of one locality at 1.5 million patients).
 */
export const LOCALITY_PRACTICES = 'ARRAY(SELECT o.ods_code FROM organisations o WHERE o.locality = $4)';

/** IN_SCOPE is the population filter on a patients row aliased `p`. */
export const IN_SCOPE = `($3::text IS NULL OR p.gp_practice_ods = $3)
  AND ($4::text IS NULL OR p.gp_practice_ods = ANY (${LOCALITY_PRACTICES}))`;

/**
 * For a statement that reads a row's patient only to keep the population in scope:
 * `FROM things t ${JOIN_PATIENT_IF_SCOPED('t.patient_id')} WHERE ... AND ${PATIENT_IN_SCOPE('t.patient_id')}`.
 * For the whole CCG every row with a patient counts (the column references patients), and the
 * statements run with custom plans, so PostgreSQL drops the join: read to keep every one of 1.5
 * million patients, it cost 200-300 ms a statement. With a practice or locality it is the inner join.
 */
export const JOIN_PATIENT_IF_SCOPED = (patientId: string) =>
  `LEFT JOIN patients p ON ($3::text IS NOT NULL OR $4::text IS NOT NULL) AND p.id = ${patientId}`;
export const PATIENT_IN_SCOPE = (patientId: string) =>
  `${patientId} IS NOT NULL AND (($3::text IS NULL AND $4::text IS NULL) OR (p.id IS NOT NULL AND ${IN_SCOPE}))`;

/** Age in whole years of patient `p` at the instant expression `at`. */
export const AGE_AT = (at: string) => `date_part('year', age((${at})::date, p.date_of_birth))`;

/**
 * The last date of birth of someone `years` old on the day of `at`: `p.date_of_birth <= BORN_BY(at, n)`
 * holds exactly when `AGE_AT(at) >= n` (a 29 February birthday counts from 1 March in other years, as
 * age() does), but compares dates instead of working out an age for every patient.
 */
export const BORN_BY = (at: string, years: string) => `((${at})::date - interval '${years} years')::date`;

export function params(f: { from: Date; to: Date; practice?: string; locality?: string }, now: Date): unknown[] {
  return [f.from, f.to, f.practice ?? null, f.locality ?? null, now];
}
