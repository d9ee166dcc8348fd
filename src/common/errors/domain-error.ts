/**
 * The codes any module may answer with (request shape, authentication, preconditions, limits, our
 * own failures), and the shared base types (re-exported so imports keep one path).
 * docs/errors.md is generated from this and every module's catalogue (`npm run docs:errors`).
 */
import { defineErrors } from './define-errors';

export { DomainError, STATUS_BY_KIND, defineErrors, isErrorCatalogue } from './define-errors';
export type { CodedErrorClass, ErrorCatalogue, ErrorKind, ErrorSpec, FieldError } from './define-errors';

export const COMMON_ERRORS = defineErrors('common', {
  VALIDATION_FAILED: {
    kind: 'validation',
    title: 'The request is not valid',
    description:
      'The body, query, path or a header is not valid: wrong type, missing field, unknown field (unknown fields are always rejected), bad reference (e.g. a practice that does not exist), a cursor this API did not write, a NUL or unpaired surrogate anywhere (the field is the parameter\'s name), a path parameter that is not UTF-8 once percent-decoded (the field is `path`). `errors[]` names each field.',
  },
  MALFORMED_JSON: { kind: 'validation', title: 'The request body is not valid JSON', description: 'The body is not parseable JSON.' },
  NHS_NUMBER_INVALID: {
    kind: 'validation',
    title: 'NHS number is not valid',
    description: 'An NHS number (path, body or query) is not 10 digits, fails the modulus 11 check, or is ten identical digits.',
  },
  UNAUTHENTICATED: {
    kind: 'unauthorized',
    title: 'A valid bearer token is required',
    description: 'No bearer token, or it is malformed, badly signed, expired, or has the wrong issuer/audience.',
  },
  FORBIDDEN: {
    kind: 'forbidden',
    title: 'You do not have permission for this action',
    description: "A valid token without the route's permission (see [permissions.md](permissions.md)), or a team filter naming someone else's team.",
  },
  ROUTE_NOT_FOUND: { kind: 'not_found', title: 'No such endpoint', description: 'No such endpoint.' },
  INVALID_TRANSITION: {
    kind: 'conflict',
    title: 'This change is not allowed in the current state',
    description:
      'A referral, routed part, task, admission or Pro-Active Care episode action not allowed in its current state (e.g. triaging a referral already triaged, first contact on a completed part, cancelling a completed referral, completing a done task, changing or discharging an admission already discharged). Nothing changed. Two navigators triaging at once: the second gets this.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    kind: 'conflict',
    title: 'This Idempotency-Key was already used with a different request',
    description: 'The `Idempotency-Key` was already used by you with a different request body or path.',
  },
  IDEMPOTENCY_KEY_IN_PROGRESS: {
    kind: 'conflict',
    title: 'A request with this Idempotency-Key is still being processed',
    description: 'The first request with this `Idempotency-Key` is still running; retry shortly.',
  },
  PRECONDITION_FAILED: {
    kind: 'precondition_failed',
    title: 'The resource changed since you read it',
    description:
      '`If-Match` names a version that is no longer current (a patient, a bed, a care plan); read again and retry. For care plans also: two saves from the same version at once (the second gets this), or `If-Match` when no plan exists yet.',
  },
  PAYLOAD_TOO_LARGE: { kind: 'payload_too_large', title: 'The request body is too large', description: 'The body exceeds `BODY_LIMIT` (default 1 MB).' },
  UNSUPPORTED_MEDIA_TYPE: {
    kind: 'unsupported_media_type',
    title: 'The request body must be application/json',
    description: 'A body that is not `application/json` (or another type the route declares).',
  },
  PRECONDITION_REQUIRED: {
    kind: 'precondition_required',
    title: 'This update needs an If-Match header',
    description: 'An update that needs `If-Match` was sent without it (`PATCH /beds/{id}`, saving a care plan that already exists).',
  },
  RATE_LIMITED: { kind: 'rate_limited', title: 'Too many requests', description: 'More than `RATE_LIMIT_PER_MINUTE` requests in a minute from one user (the token subject), or from one address when unauthenticated; shared by every instance. Retry after the `Retry-After` seconds.' },
  INTERNAL_ERROR: {
    kind: 'internal',
    title: 'Something went wrong on our side',
    description:
      'Something failed on our side. Nothing internal is revealed; the log line with the same `correlationId` has the cause (without patient data).',
  },
  DATABASE_UNAVAILABLE: {
    kind: 'unavailable',
    title: 'The database is not reachable',
    description:
      '`GET /health`: the service runs but cannot reach PostgreSQL; any route: no database connection in time (overload or outage): retry shortly.',
  },
});

export class ValidationFailed extends COMMON_ERRORS.error('VALIDATION_FAILED') {}
export class MalformedJson extends COMMON_ERRORS.error('MALFORMED_JSON') {}
export class NhsNumberInvalid extends COMMON_ERRORS.error('NHS_NUMBER_INVALID') {}
export class Unauthenticated extends COMMON_ERRORS.error('UNAUTHENTICATED') {}
export class Forbidden extends COMMON_ERRORS.error('FORBIDDEN') {}
export class RouteNotFound extends COMMON_ERRORS.error('ROUTE_NOT_FOUND') {}
/** An action the thing (referral, routed part, task, admission, episode) cannot take in its current state; nothing changed. */
export class InvalidTransition extends COMMON_ERRORS.error('INVALID_TRANSITION') {}
export class IdempotencyKeyReused extends COMMON_ERRORS.error('IDEMPOTENCY_KEY_REUSED') {}
export class IdempotencyKeyInProgress extends COMMON_ERRORS.error('IDEMPOTENCY_KEY_IN_PROGRESS') {}
export class PreconditionRequired extends COMMON_ERRORS.error('PRECONDITION_REQUIRED') {}
export class PreconditionFailed extends COMMON_ERRORS.error('PRECONDITION_FAILED') {}
export class PayloadTooLarge extends COMMON_ERRORS.error('PAYLOAD_TOO_LARGE') {}
export class UnsupportedMediaType extends COMMON_ERRORS.error('UNSUPPORTED_MEDIA_TYPE') {}
export class RateLimited extends COMMON_ERRORS.error('RATE_LIMITED') {
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
export class DatabaseUnavailable extends COMMON_ERRORS.error('DATABASE_UNAVAILABLE') {}
export class InternalError extends COMMON_ERRORS.error('INTERNAL_ERROR') {}
