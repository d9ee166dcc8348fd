import type { Json } from './common';

export interface BundlePage {
  /** The request URL as the client sent it (path and query), without scheme and host. */
  selfUrl: string;
  /** The base URL of the server's FHIR endpoint, e.g. http://host/fhir/R4. */
  base: string;
  /** Matches in order, and included resources (e.g. the Patient of _include). */
  matches: Json[];
  included?: Json[];
  /** Opaque token for the next page, or null on the last page. */
  next: string | null;
}

function withCursor(selfUrl: string, base: string, cursor: string | null): string {
  const url = new URL(selfUrl, 'http://x');
  url.searchParams.delete('_cursor');
  if (cursor) url.searchParams.set('_cursor', cursor);
  const path = url.pathname.replace(/^.*\/fhir\/R4/, '');
  return `${base}${path}${url.search}`;
}

/**
 * A searchset Bundle: `self` (the request, without a cursor it did not carry) and `next` (the same
 * search with the cursor of the next page) links, fullUrl per entry, search.mode match/include.
 * No `total` (counting would cost a second query per search; FHIR makes it optional).
 */
export function searchBundle(p: BundlePage) {
  const selfCursor = new URL(p.selfUrl, 'http://x').searchParams.get('_cursor');
  const link = [{ relation: 'self', url: withCursor(p.selfUrl, p.base, selfCursor) }];
  if (p.next) link.push({ relation: 'next', url: withCursor(p.selfUrl, p.base, p.next) });
  const entry = [
    ...p.matches.map((r) => ({ fullUrl: `${p.base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' } })),
    ...(p.included ?? []).map((r) => ({ fullUrl: `${p.base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'include' } })),
  ];
  return { resourceType: 'Bundle' as const, type: 'searchset', link, ...(entry.length ? { entry } : {}) };
}
