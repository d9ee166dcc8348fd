import { DomainError } from '../../common/errors/domain-error';
import type { Json } from './domain/common';

/** What a type's search gives the controller: matches in order, the next page's cursor, patients to _include. */
export interface SearchResult {
  matches: Json[];
  next: string | null;
  /** NHS numbers the matches are about (for `_include=<Type>:patient`). */
  patients: string[];
}

export function result(matches: Json[], next: string | null = null, patients: (string | null | undefined)[] = []): SearchResult {
  return { matches, next, patients: [...new Set(patients.filter((p): p is string => !!p))] };
}

/** The NHS number a mapped resource is about (subject, for or patient reference). */
export function patientOf(r: Json): string | undefined {
  for (const key of ['subject', 'for', 'patient']) {
    const ref = r[key] as { reference?: string } | undefined;
    if (ref?.reference?.startsWith('Patient/')) return ref.reference.slice('Patient/'.length);
  }
  return undefined;
}

/** Runs a gated read; the owners' "not found or not yours" (any not_found DomainError) becomes null. */
export async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'not_found') return null;
    throw e;
  }
}
