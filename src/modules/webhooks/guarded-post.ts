import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { isPublicAddress } from './domain/address-policy';

/** What the delivery log keeps about a failure: a class, never a host, port, address or message. */
export type FailureClass = 'target_refused' | 'unreachable' | 'timeout' | 'http_error';

export class TargetRefused extends Error {
  readonly failure = 'target_refused';
}

/**
 * dns.lookup that refuses private, loopback, link-local, unique-local, CGNAT, benchmarking,
 * multicast and mapped/translated addresses (domain/address-policy.ts). It runs inside the
 * connection attempt, so the address checked is the address connected to: no DNS rebinding gap.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as { address: string; family: number }[];
      const bad = !allowPrivate && (list.length === 0 || list.some((a) => !isPublicAddress(a.address)));
      if (bad) return callback(new TargetRefused('target address refused'), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

export interface PostResult {
  status: number | null;
  failure: FailureClass | null;
}

/** POST `body` to `url` once, no redirects followed, a fresh connection each time, checked at connect. */
export function guardedPost(url: string, body: string, headers: Record<string, string>, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ status: null, failure: 'unreachable' });
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // Node connects to IP literals without a lookup: check those here.
    if (!opts.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host)) return resolve({ status: null, failure: 'target_refused' });
    const client = target.protocol === 'https:' ? https : http;
    let settled = false;
    const done = (r: PostResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(opts.allowPrivate),
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: opts.timeoutMs,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        done({ status, failure: status >= 200 && status < 300 ? null : 'http_error' });
      },
    );
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), opts.timeoutMs);
    timer.unref();
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e: Error & { code?: string }) =>
      done({ status: null, failure: e instanceof TargetRefused ? 'target_refused' : e.code === 'TIMEOUT' ? 'timeout' : 'unreachable' }),
    );
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}
