/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line end; a text starting with
 * =, +, - or @ is prefixed with ' so a spreadsheet does not run it as a formula (CSV injection).
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
