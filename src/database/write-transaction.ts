import type { DataSource, EntityManager } from 'typeorm';
import { constraintOf, isExclusionViolation, isSerializationFailure, isUniqueViolation } from './pg-errors';

/**
 * What a constraint's violation means to the caller: the constraint's name (or `unique_violation` /
 * `exclusion_violation` for any of that kind) → the domain error to throw instead.
 */
export type ConstraintErrors = Record<string, () => Error>;

export interface WriteOptions {
  /** How many times to run the work in all (a deadlock victim or serialization failure is retried). */
  attempts?: number;
  constraints?: ConstraintErrors;
}

/** The domain error a constraint violation stands for, if the caller named one. */
export function constraintError(e: unknown, constraints: ConstraintErrors = {}): Error | undefined {
  const kind = isUniqueViolation(e) ? 'unique_violation' : isExclusionViolation(e) ? 'exclusion_violation' : undefined;
  if (!kind) return undefined;
  const name = constraintOf(e);
  return (name && constraints[name]?.()) || constraints[kind]?.();
}

/**
 * Runs a write in a transaction (a savepoint inside a request's transaction), retrying the whole of
 * it when PostgreSQL aborts it as a deadlock victim or a serialization failure, and turning the
 * constraint violations the caller names into domain errors. Nothing half-done survives a retry.
 */
export async function writeTransaction<T>(db: DataSource, work: (em: EntityManager) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e) {
      if (attempt < attempts && isSerializationFailure(e)) continue;
      throw constraintError(e, options.constraints) ?? e;
    }
  }
}
