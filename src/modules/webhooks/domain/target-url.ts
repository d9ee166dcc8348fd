import { isIP } from 'node:net';
import { isPublicAddress } from './address-policy';

export interface TargetPolicy {
  allowHttp: boolean;
  allowPrivateTargets: boolean;
}

/**
 * Why a webhook target is not acceptable, or null when it is: an absolute http(s) URL without
 * credentials or fragment; https only unless allowHttp; no loopback, private or link-local
 * address literals (nor localhost) unless allowPrivateTargets. Host names are checked again on the
 * resolved address at connect time (guarded-post.ts): this is only the early, friendly answer.
 */
export function targetProblem(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.protocol === 'http:' && !policy.allowHttp) return 'must use https';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateTargets) {
    const kind = isIP(host);
    const local = host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal');
    if (local || (kind !== 0 && !isPublicAddress(host))) return 'must not point at a loopback, private or link-local address';
  }
  return null;
}
