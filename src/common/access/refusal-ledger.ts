import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditInput } from '../audit/audit.service';
import type { RequestContext } from '../auth/principal';

export interface PendingRefusal {
  ctx: RequestContext;
  event: AuditInput;
}

interface Ledger {
  refusals: PendingRefusal[];
}

const storage = new AsyncLocalStorage<Ledger>();

/**
 * Refusals noted during a request, written by RefusalAuditInterceptor once the request's own
 * transaction has ended. Writing them on a second pooled connection while the request still held
 * its first deadlocked the pool under concurrency (issue 12 item 1): a request now holds at most
 * one connection at a time.
 */
export const RefusalLedger = {
  run<T>(fn: () => T): { result: T; ledger: Ledger } {
    const ledger: Ledger = { refusals: [] };
    return { result: storage.run(ledger, fn), ledger };
  },
  /** Notes a refusal for the current request; false when there is no request scope (the caller records it). */
  note(refusal: PendingRefusal): boolean {
    const ledger = storage.getStore();
    if (!ledger) return false;
    ledger.refusals.push(refusal);
    return true;
  },
};
