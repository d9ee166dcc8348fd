import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  DatabaseUnavailable,
  DomainError,
  Forbidden,
  InternalError,
  MalformedJson,
  PayloadTooLarge,
  RouteNotFound,
  STATUS_BY_KIND,
  Unauthenticated,
  UnsupportedMediaType,
  ValidationFailed,
} from './domain-error';
import { FHIR_JSON, isFhirPath, toOperationOutcome } from '../fhir/operation-outcome';
import { scrub } from '../logging/scrub';

export const PROBLEM_BASE = 'https://care-coordination.example.nhs.uk/problems/';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: { field: string; message: string }[];
  correlationId: string;
  instance?: string;
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '53300']);

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown; driverError?: { code?: unknown } } | null;
  if (!e) return false;
  if (typeof e.message === 'string' && /timeout exceeded when trying to connect|Connection terminated/.test(e.message)) return true;
  const code = e.driverError?.code ?? e.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
}

/** Maps anything thrown to a DomainError; unknown errors become INTERNAL_ERROR and reveal nothing. */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const bodyParserType = (error as { type?: unknown })?.type;
  if (bodyParserType === 'entity.too.large') return new PayloadTooLarge();
  if (bodyParserType === 'entity.parse.failed') return new MalformedJson();
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
    return new UnsupportedMediaType('Use UTF-8 JSON');
  }
  // Express's router could not percent-decode a path parameter ('%ED%A0%80'): the client's URL, a 400.
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
    return new ValidationFailed('The path is not valid', [{ field: 'path', message: 'has a parameter that is not UTF-8 once percent-decoded' }]);
  }
  // No pooled connection in time (overload) or PostgreSQL unreachable: 503, retry later, not a 500.
  if (isDatabaseUnavailable(error)) return new DatabaseUnavailable('The database is busy or unreachable; retry shortly');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new RouteNotFound();
    if (status === 401) return new Unauthenticated();
    if (status === 403) return new Forbidden();
    if (status === 413) return new PayloadTooLarge();
    if (status === 415) return new UnsupportedMediaType();
    if (status === 400) return new ValidationFailed(error.message);
  }
  return new InternalError();
}

export function problemBody(err: DomainError, correlationId: string): ProblemBody {
  const slug = err.code.toLowerCase().replace(/_/g, '-');
  const body: ProblemBody = {
    type: PROBLEM_BASE + slug,
    title: err.title,
    status: STATUS_BY_KIND[err.kind],
    code: err.code,
    correlationId,
  };
  if (err.detail) body.detail = err.detail;
  if (err.errors?.length) body.errors = err.errors;
  return body;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const err = toDomainError(exception);
    const correlationId = String(req.id ?? '');
    const body = problemBody(err, correlationId);
    if (body.status >= 500 && err.retryAfterSeconds !== undefined) {
      // Load shed on purpose (the client is told when to come back): a warning, not a failure.
      this.logger.warn({ code: err.code, correlationId });
    } else if (body.status >= 500) {
      // Never log the raw message: database errors quote the values (NHS numbers, names).
      const e = exception as Error;
      this.logger.error({ code: err.code, error: e?.name, message: scrub(e?.message), stack: scrub(e?.stack), correlationId });
    }
    if (res.headersSent) return;
    if (err.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer');
    if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    if (isFhirPath(req.path)) {
      res.status(body.status).type(FHIR_JSON).send(JSON.stringify(toOperationOutcome(body)));
      return;
    }
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
