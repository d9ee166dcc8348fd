import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditInput } from '../audit/audit.service';
import type { RequestContext } from '../auth/principal';
import type { EntityManager } from 'typeorm';

export interface PendingRefusal {
  ctx: RequestContext;
  event: AuditInput;
}

/** A write that must outlive the request's transaction (it runs after it, on one pooled connection). */
export type DeferredWrite = (em: EntityManager) => Promise<unknown>;

interface Ledger {
  refusals: PendingRefusal[];
  deferred: DeferredWrite[];
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
    const ledger: Ledger = { refusals: [], deferred: [] };
    return { result: storage.run(ledger, fn), ledger };
  },
  /** Notes a refusal for the current request; false when there is no request scope (the caller records it). */
  note(refusal: PendingRefusal): boolean {
    const ledger = storage.getStore();
    if (!ledger) return false;
    ledger.refusals.push(refusal);
    return true;
  },
  /**
   * Records something about a refused request that must stay although the request's transaction
   * rolls back (e.g. a bed request refused for capability, counted as unmet demand); false when
   * there is no request scope (the caller writes it itself).
   */
  defer(write: DeferredWrite): boolean {
    const ledger = storage.getStore();
    if (!ledger) return false;
    ledger.deferred.push(write);
    return true;
  },
};
