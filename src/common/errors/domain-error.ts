/**
 * Coded domain errors. Domain and service code throws these; the one global ProblemFilter turns
 * them into application/problem+json. Services never import HttpException.
 * Every code is listed in docs/errors.md (a unit test checks that).
 */
export type ErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'precondition_required'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  abstract readonly title: string;
  constructor(
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly kind = 'validation';
  readonly title = 'The request is not valid';
}

export class MalformedJson extends DomainError {
  readonly code = 'MALFORMED_JSON';
  readonly kind = 'validation';
  readonly title = 'The request body is not valid JSON';
}

export class NhsNumberInvalid extends DomainError {
  readonly code = 'NHS_NUMBER_INVALID';
  readonly kind = 'validation';
  readonly title = 'NHS number is not valid';
}

export class Unauthenticated extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  readonly kind = 'unauthorized';
  readonly title = 'A valid bearer token is required';
}

export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly kind = 'forbidden';
  readonly title = 'You do not have permission for this action';
}

export class RouteNotFound extends DomainError {
  readonly code = 'ROUTE_NOT_FOUND';
  readonly kind = 'not_found';
  readonly title = 'No such endpoint';
}

export class NotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(
    readonly code: string,
    readonly title: string,
    detail?: string,
  ) {
    super(detail);
  }
}

export class Conflict extends DomainError {
  readonly kind = 'conflict';
  constructor(
    readonly code: string,
    readonly title: string,
    detail?: string,
  ) {
    super(detail);
  }
}

export class IdempotencyKeyReused extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'conflict';
  readonly title = 'This Idempotency-Key was already used with a different request';
}

export class IdempotencyKeyInProgress extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_IN_PROGRESS';
  readonly kind = 'conflict';
  readonly title = 'A request with this Idempotency-Key is still being processed';
}

export class PreconditionRequired extends DomainError {
  readonly code = 'PRECONDITION_REQUIRED';
  readonly kind = 'precondition_required';
  readonly title = 'This update needs an If-Match header';
}

export class PreconditionFailed extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
  readonly kind = 'precondition_failed';
  readonly title = 'The resource changed since you read it';
}

export class PayloadTooLarge extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly kind = 'payload_too_large';
  readonly title = 'The request body is too large';
}

export class UnsupportedMediaType extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly kind = 'unsupported_media_type';
  readonly title = 'The request body must be application/json';
}

export class RateLimited extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly kind = 'rate_limited';
  readonly title = 'Too many requests';
}

export class DatabaseUnavailable extends DomainError {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly kind = 'unavailable';
  readonly title = 'The database is not reachable';
}

export class InternalError extends DomainError {
  readonly code = 'INTERNAL_ERROR';
  readonly kind = 'internal';
  readonly title = 'Something went wrong on our side';
}
