import { parseNhsNumber } from '../../../common/validation/nhs-number';

export type SearchTerms = { kind: 'nhs'; nhsNumber: string } | { kind: 'name_dob'; familyName: string; dateOfBirth: string };

/**
 * Patients are found by NHS number, or by family name together with date of birth (never by a
 * name alone: that would let anyone browse the population). Returns null when the input is neither.
 */
export function parseSearch(input: { search?: string; nhsNumber?: string; familyName?: string; dateOfBirth?: string }): SearchTerms | null {
  if (input.nhsNumber) return { kind: 'nhs', nhsNumber: input.nhsNumber };
  const search = input.search?.trim();
  if (search) {
    const nhs = parseNhsNumber(search);
    if (nhs.ok) return { kind: 'nhs', nhsNumber: nhs.value };
    const m = /^(.+?)[\s,]+(\d{4}-\d{2}-\d{2})$/.exec(search) ?? /^(\d{4}-\d{2}-\d{2})[\s,]+(.+)$/.exec(search);
    if (m) {
      const [a, b] = /^\d/.test(m[1]) ? [m[2], m[1]] : [m[1], m[2]];
      if (isRealDate(b)) return { kind: 'name_dob', familyName: a.trim(), dateOfBirth: b };
    }
    return null;
  }
  if (input.familyName && input.dateOfBirth && isRealDate(input.dateOfBirth)) {
    return { kind: 'name_dob', familyName: input.familyName.trim(), dateOfBirth: input.dateOfBirth };
  }
  return null;
}

export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whole years between a date of birth and a day (UTC dates). */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** Whose patients a search may find: anyone's (read-any roles), or the registered list of the caller's GP practice. */
export type SearchScope = { kind: 'all' } | { kind: 'practice'; practiceOds: string };

/**
 * Read-any roles (navigators, discharge coordinators) search the whole population. Practice staff
 * (a GP, practice staff) search only their practice's registered patients — the token's `org` —
 * so a search never tells them whether someone is registered elsewhere. Anyone else: null (403).
 */
export function searchScope(principal: { permissions: ReadonlySet<string>; org?: string }, readAny: string): SearchScope | null {
  if (principal.permissions.has(readAny)) return { kind: 'all' };
  return principal.org ? { kind: 'practice', practiceOds: principal.org } : null;
}
