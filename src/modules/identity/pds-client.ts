import { Inject, Injectable } from '@nestjs/common';
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  type IPolicy,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { type PdsCandidate, type PdsPerson, parsePatient, parseSearchBundle } from './domain/pds-fhir';

/** PDS could not answer usefully (down, slow, an error status, garbage, or the circuit is open): try again later. */
export class PdsUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`PDS unavailable: ${reason}`);
    this.name = 'PdsUnavailable';
  }
}

export interface PdsSearch {
  family: string;
  given?: string | null;
  birthdate: string;
  gender?: string | null;
  postcode?: string | null;
}

/**
 * The adapter to PDS, the national demographics service, speaking its FHIR R4 API over HTTP to
 * PDS_BASE_URL (the real service, or the simulator in development and tests). Each call has a
 * timeout, retries with exponential backoff, and a circuit breaker shared by the instance, so an
 * outage costs a few fast failures rather than a queue of hung requests. Garbage counts as failure.
 * Nothing here logs: queries and answers are patient data.
 */
@Injectable()
export class PdsClient {
  private readonly policy: IPolicy;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const c = config.identity;
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: c.pdsBreakerResetSeconds * 1000, breaker: new ConsecutiveBreaker(c.pdsBreakerFailures) });
    const retries = retry(handleAll, { maxAttempts: c.pdsAttempts - 1, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }) });
    this.policy = wrap(retries, breaker, timeout(c.pdsTimeoutMs, TimeoutStrategy.Aggressive));
  }

  get configured(): boolean {
    return this.config.identity.pdsBaseUrl !== undefined;
  }

  /** `GET /Patient?family=&given=&birthdate=&gender=&address-postalcode=`: candidates with scores. */
  async search(q: PdsSearch): Promise<PdsCandidate[]> {
    const params = new URLSearchParams({ family: q.family, birthdate: `eq${q.birthdate}` });
    if (q.given) params.set('given', q.given);
    if (q.gender && q.gender !== 'unknown') params.set('gender', q.gender);
    if (q.postcode) params.set('address-postalcode', q.postcode);
    return (await this.call(`/Patient?${params}`, parseSearchBundle)) as PdsCandidate[];
  }

  /** `GET /Patient/{nhsNumber}`: verification, date of death, registered practice; null when PDS has no such number. */
  async get(nhsNumber: string): Promise<PdsPerson | null> {
    return this.call(`/Patient/${nhsNumber}`, parsePatient, true);
  }

  /** One policy-wrapped call; the answer is read inside it, so garbage is retried and trips the breaker like an outage. */
  private async call<T>(path: string, read: (body: unknown) => T, notFoundIsNull = false): Promise<T | null> {
    const base = this.config.identity.pdsBaseUrl;
    if (!base) throw new PdsUnavailable('PDS_BASE_URL is not set');
    try {
      return await this.policy.execute(async ({ signal }) => {
        const res = await fetch(`${base.replace(/\/$/, '')}${path}`, {
          headers: { accept: 'application/fhir+json', 'x-request-id': crypto.randomUUID() },
          signal,
        });
        if (res.status === 404 && notFoundIsNull) return null;
        if (!res.ok) throw new PdsUnavailable(`status ${res.status}`);
        const text = await res.text();
        try {
          return read(JSON.parse(text) as unknown);
        } catch (e) {
          throw new PdsUnavailable(e instanceof SyntaxError ? 'answer is not JSON' : (e as Error).message);
        }
      });
    } catch (e) {
      if (e instanceof PdsUnavailable) throw e;
      throw new PdsUnavailable((e as Error)?.name ?? 'error');
    }
  }
}
