/**
 * Removes patient identifiers from free text that may reach a log line: anything that looks like an
 * NHS number (10 digits, optionally spaced or dashed 3-3-4), dates (possible dates of birth) and
 * UK postcodes. Names cannot be recognised in free text, so callers never log request bodies,
 * query strings or database error values; this is the second line of defence.
 */
// Ten digits with up to three non-alphanumeric characters between each: 9990000018, 999 000 0018,
// 9-9-9-0-0-0-0-0-1-8, 999.000.0018, 999+000+0018 (after URL decoding).
const NHS_LIKE = /(?<![0-9])\d(?:[^\p{L}\d]{0,3}\d){9}(?![0-9])/gu;
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
  // Decode repeatedly so double-encoded separators (%2520) cannot hide a number.
  let decoded = path;
  for (let i = 0; i < 3; i++) {
    const next = decodeURIComponentSafe(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  return scrub(decoded);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
