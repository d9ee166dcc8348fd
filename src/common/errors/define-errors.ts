/**
 * The one way an error code is declared: each module keeps a catalogue, `defineErrors(module, { CODE:
 * { kind, title, description } })`, in its `*-errors.ts`, and makes its error classes from it
 * (`class ReferralNotFound extends REFERRAL_ERRORS.error('REFERRAL_NOT_FOUND') {}`). So a code, its
 * HTTP status (from the kind), the title clients see and the sentence docs/errors.md prints live in
 * one place. Every catalogue is listed in `catalogue.ts`; `npm run docs:errors` writes the table.
 */
import type { ErrorCode } from './catalogue';

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

/** One code of a catalogue. */
export interface ErrorSpec {
  /** Decides the HTTP status (STATUS_BY_KIND). */
  readonly kind: ErrorKind;
  /** The problem's `title`: fixed for the code, clients may show it. */
  readonly title: string;
  /** The problem's `detail` when the thrower gives none. */
  readonly detail?: string;
  /** For docs/errors.md: when a client gets it and what to do (Markdown, one paragraph). */
  readonly description: string;
}

/** Coded domain errors. Domain and service code throws these; the one global ProblemFilter turns them into application/problem+json. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly kind: ErrorKind;
  abstract readonly title: string;
  /** When the client may retry: the ProblemFilter sends it as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  constructor(
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

/** The base class of one code: extend it to give the error its name (and a constructor, if it builds its detail). */
export type CodedErrorClass<K extends ErrorCode> = abstract new (
  detail?: string,
  errors?: FieldError[],
) => DomainError & { readonly code: K; readonly kind: ErrorKind; readonly title: string };

export interface ErrorCatalogue<C extends string = string> {
  /** The folder that owns the codes (`referrals`, `common/access`): the heading in docs/errors.md. */
  readonly module: string;
  readonly codes: { readonly [K in C]: ErrorSpec };
  /** The base class for one of the catalogue's codes (only a catalogue listed in catalogue.ts has codes here). */
  error<K extends C & ErrorCode>(code: K): CodedErrorClass<K>;
}

const CODE = /^[A-Z][A-Z0-9_]+$/;

class Catalogue<C extends string> implements ErrorCatalogue<C> {
  constructor(
    readonly module: string,
    readonly codes: { readonly [K in C]: ErrorSpec },
  ) {}

  error<K extends C & ErrorCode>(code: K): CodedErrorClass<K> {
    const found: ErrorSpec | undefined = this.codes[code];
    if (!found) throw new Error(`${code} is not in the ${this.module} error catalogue`);
    const spec = found;
    abstract class CodedError extends DomainError {
      readonly code: K = code;
      readonly kind: ErrorKind = spec.kind;
      readonly title: string = spec.title;
      constructor(detail: string | undefined = spec.detail, errors?: FieldError[]) {
        super(detail, errors);
      }
    }
    return CodedError;
  }
}

/** Declares a module's error codes; see the file comment. */
export function defineErrors<const T extends Record<string, ErrorSpec>>(module: string, codes: T): ErrorCatalogue<Extract<keyof T, string>> {
  for (const code of Object.keys(codes)) {
    if (!CODE.test(code)) throw new Error(`Error code ${code} (${module}) is not UPPER_SNAKE_CASE`);
  }
  return new Catalogue(module, codes as { readonly [K in Extract<keyof T, string>]: ErrorSpec });
}

export function isErrorCatalogue(value: unknown): value is ErrorCatalogue {
  return value instanceof Catalogue;
}
