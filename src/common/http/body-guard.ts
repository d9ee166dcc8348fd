import type { FieldError } from '../errors/domain-error';

/** Deepest nesting a request body may have; real bodies here nest 4-5 levels. */
export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Nesting depth of raw JSON text, counted without parsing (brackets inside strings ignored), so a
 * 20,000-deep body is refused before any recursive code sees it. Stops counting past `max`.
 */
export function jsonDepthExceeds(raw: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function badString(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (!(s as string & { isWellFormed(): boolean }).isWellFormed()) return 'must not contain unpaired surrogates';
  return null;
}

/**
 * The first thing in a parsed body that the database or the validators cannot take safely: NUL
 * characters (PostgreSQL refuses them), unpaired UTF-16 surrogates (invalid in jsonb and text),
 * and keys that name object internals (`__proto__`, `constructor`, `prototype`). Keys are checked
 * like values. The field is named as a dotted path.
 */
export function bodyProblem(value: unknown, path = ''): FieldError | null {
  const field = path || 'body';
  if (typeof value === 'string') {
    const problem = badString(value);
    return problem ? { field, message: problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = bodyProblem(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field: keyPath, message: 'is not an allowed field name' };
      const keyProblem = badString(key);
      if (keyProblem) return { field: path || 'body', message: `has a field name that ${keyProblem.replace(/^must/, 'must')}` };
      const found = bodyProblem((value as Record<string, unknown>)[key], keyPath);
      if (found) return found;
    }
  }
  return null;
}
