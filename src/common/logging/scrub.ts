/**
 * Removes patient identifiers from free text that may reach a log line: anything that looks like an
 * NHS number (10 digits, optionally spaced or dashed 3-3-4), dates (possible dates of birth) and
 * UK postcodes. Names cannot be recognised in free text, so callers never log request bodies,
 * query strings or database error values; this is the second line of defence.
 */
const NHS_LIKE = /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g;
const DATE_LIKE = /\b\d{4}-\d{2}-\d{2}\b/g;
const POSTCODE_LIKE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
const DETAIL_VALUES = /(Key|DETAIL:?)\s*\(.*?\)=\(.*?\)/g;

export function scrub(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text
    .replace(DETAIL_VALUES, '$1 (redacted)')
    .replace(NHS_LIKE, '[redacted]')
    .replace(DATE_LIKE, '[date]')
    .replace(POSTCODE_LIKE, '[postcode]');
}

/** Path only, query string dropped (it carries search terms), identifiers masked. */
export function scrubUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const path = url.split('?')[0];
  return scrub(decodeURIComponentSafe(path));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
