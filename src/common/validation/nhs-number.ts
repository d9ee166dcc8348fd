/**
 * NHS number: 10 digits, the last a modulus 11 check digit over the first nine with weights 10..2.
 * check = 11 - (sum mod 11); 11 -> 0; 10 -> the number is invalid. Ten identical digits are rejected
 * (they pass the check but are never issued). Input may contain spaces and dashes.
 */
export type NhsNumberResult = { ok: true; value: string } | { ok: false; reason: string };

export function checkDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function parseNhsNumber(input: unknown): NhsNumberResult {
  if (typeof input !== 'string' && typeof input !== 'number') return { ok: false, reason: 'must be a string of 10 digits' };
  const raw = String(input).trim();
  if (raw.length > 20) return { ok: false, reason: 'must be 10 digits' };
  if (!/^[\d\s-]+$/.test(raw)) return { ok: false, reason: 'may contain only digits, spaces and dashes' };
  const digits = raw.replace(/[\s-]/g, '');
  if (digits.length !== 10) return { ok: false, reason: 'must be 10 digits' };
  if (/^(\d)\1{9}$/.test(digits)) return { ok: false, reason: 'cannot be ten identical digits' };
  const expected = checkDigit(digits.slice(0, 9));
  if (expected === null || expected !== Number(digits[9])) {
    return { ok: false, reason: 'fails the modulus 11 check' };
  }
  return { ok: true, value: digits };
}

export function isValidNhsNumber(input: unknown): boolean {
  return parseNhsNumber(input).ok;
}

/** `9434765919` -> `943 476 5919` */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

export const TEST_RANGE = { first: 9_990_000_000, last: 9_999_999_999 } as const;

export function isInTestRange(digits: string): boolean {
  const n = Number(digits);
  return n >= TEST_RANGE.first && n <= TEST_RANGE.last;
}

/**
 * The n-th valid NHS number in the test range 999 000 0000 - 999 999 9999 (n from 0), for demo
 * and test data. Prefixes whose check digit would be 10 are skipped, so the mapping is dense.
 */
export function* testRangeNhsNumbers(startPrefix = 999_000_000, lastPrefix = 999_999_999): Generator<string> {
  for (let prefix = startPrefix; prefix <= lastPrefix; prefix++) {
    const nine = String(prefix);
    const check = checkDigit(nine);
    if (check === null) continue;
    const candidate = nine + check;
    if (!/^(\d)\1{9}$/.test(candidate)) yield candidate;
  }
}
