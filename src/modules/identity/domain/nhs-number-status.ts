/**
 * The NHS number status indicator (NHS Data Dictionary "NHS NUMBER STATUS INDICATOR CODE"): how far
 * the NHS number on a record can be trusted. Replaces the old `nhsNumberVerified` boolean.
 */
export const NHS_NUMBER_STATUSES = {
  '01': 'Number present and verified',
  '02': 'Number present but not traced',
  '03': 'Trace required',
  '04': 'Trace attempted - no match or multiple match found',
  '05': 'Trace needs to be resolved (NHS number or patient detail conflict)',
  '06': 'Trace in progress',
  '07': 'Number not present and trace not required',
  '08': 'Trace postponed (baby under six weeks old)',
} as const;
export type NhsNumberStatus = keyof typeof NHS_NUMBER_STATUSES;
export const NHS_NUMBER_STATUS_CODES = Object.keys(NHS_NUMBER_STATUSES) as NhsNumberStatus[];

export function isNhsNumberStatus(value: unknown): value is NhsNumberStatus {
  return typeof value === 'string' && value in NHS_NUMBER_STATUSES;
}

/**
 * The status of a record written through the API: an explicit `nhsNumberStatus` wins; the old
 * boolean `nhsNumberVerified` still works (true -> 01, false -> 02); neither -> 02 for a record
 * with a number, 03 for one without.
 */
export function statusFromInput(input: { nhsNumberStatus?: string; nhsNumberVerified?: boolean }, hasNumber: boolean): NhsNumberStatus {
  if (isNhsNumberStatus(input.nhsNumberStatus)) return input.nhsNumberStatus;
  if (input.nhsNumberVerified === true) return '01';
  return hasNumber ? '02' : '03';
}

/** Statuses that need a number on the record, and those that say there is none yet. */
export function statusProblem(status: NhsNumberStatus, hasNumber: boolean): string | null {
  if (hasNumber && (status === '03' || status === '07' || status === '08')) return `${status} means the record has no NHS number`;
  if (!hasNumber && (status === '01' || status === '02')) return `${status} needs an NHS number on the record`;
  return null;
}
