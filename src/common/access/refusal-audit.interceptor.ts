import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthedRequest, requestContext } from '../auth/decorators';
import { DomainError } from '../errors/domain-error';
import { outsideRequestTransaction } from '../idempotency/request-transaction';
import { DeferredWrite, PendingRefusal, RefusalLedger } from './refusal-ledger';

/** A not-found answer on an authenticated request, as an audit event (patient-linked data or not). */
export function notFoundRefusal(req: AuthedRequest, err: unknown): PendingRefusal | null {
  if (!req.principal || !(err instanceof DomainError) || err.kind !== 'not_found' || err.code === 'ROUTE_NOT_FOUND') return null;
  const params = Object.values(req.params ?? {}).filter((v): v is string => typeof v === 'string');
  return {
    ctx: requestContext(req, { lenient: true }),
    event: {
      action: `${req.method.toLowerCase()}.refused`,
      resourceType: err.code.replace(/_NOT_FOUND$/, '').toLowerCase().slice(0, 64),
      resourceId: params.length ? params.join('/').slice(0, 128) : null,
      outcome: 'denied',
    },
  };
}

/**
 * Outermost interceptor: runs the request with a RefusalLedger and, after the request's own
 * transaction has ended (committed or rolled back), writes every refusal it noted on one pooled
 * connection. A not-found answer that the gate did not note (a task, alert, meeting or import the
 * caller may not see, or that does not exist) is audited too: every refused attempt leaves a row.
 */
@Injectable()
export class RefusalAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    let ledger: { refusals: PendingRefusal[]; deferred: DeferredWrite[] } = { refusals: [], deferred: [] };
    const handled = new Observable<unknown>((subscriber) => {
      const run = RefusalLedger.run(() => next.handle().subscribe(subscriber));
      ledger = run.ledger;
      return run.result;
    });
    /** `then` once the request's refusals and deferred writes are stored; at once when it has none (most requests). */
    const afterFlush = <T>(extra: PendingRefusal | null, then: Observable<T>): Observable<T> => {
      const all = ledger.refusals.splice(0);
      if (all.length === 0 && extra) all.push(extra);
      const deferred = ledger.deferred.splice(0);
      if (all.length === 0 && deferred.length === 0) return then;
      const written = outsideRequestTransaction(async () => {
        await Promise.all(all.map((r) => this.audit.record(this.db.manager, r.ctx, r.event)));
        for (const write of deferred) await write(this.db.manager);
      });
      return from(written).pipe(mergeMap(() => then));
    };
    return handled.pipe(
      mergeMap((body) => afterFlush(null, of(body))),
      catchError((err) => afterFlush(notFoundRefusal(req, err), throwError(() => err))),
    );
  }
}
