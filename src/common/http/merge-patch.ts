/**
 * JSON Merge Patch (RFC 7396, section 2): objects merge key by key, `null` removes a key, anything
 * else (arrays included) replaces. The RFC's algorithm is ten lines; a dependency would add nothing.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** The media type of a merge patch; PATCH routes accept it and plain JSON alike. */
export const MERGE_PATCH = 'application/merge-patch+json';
