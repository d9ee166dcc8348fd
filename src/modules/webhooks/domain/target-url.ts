import { isIP } from 'node:net';

export interface TargetPolicy {
  allowHttp: boolean;
  allowPrivateTargets: boolean;
}

function privateIpv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

function privateIpv6(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v === '::' || v === '::1') return true;
  if (v.startsWith('::ffff:')) return isIP(v.slice(7)) === 4 ? privateIpv4(v.slice(7)) : true;
  return /^f[cd]/.test(v) || /^fe[89ab]/.test(v);
}

/**
 * Why a webhook target is not acceptable, or null when it is: an absolute http(s) URL without
 * credentials or fragment; https only unless allowHttp; no loopback, private or link-local
 * address literals (nor localhost) unless allowPrivateTargets.
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
    if (local || (kind === 4 && privateIpv4(host)) || (kind === 6 && privateIpv6(host))) return 'must not point at a loopback, private or link-local address';
  }
  return null;
}
