import { FieldError, ValidationFailed } from '../errors/domain-error';

/**
 * A partial update (PATCH) may leave a required field out, never clear it: `null` for one of
 * `required` is 400 VALIDATION_FAILED naming the field (class-validator's IsOptional lets null through).
 */
export function rejectNullRequired(body: object, required: readonly string[]): void {
  const errors: FieldError[] = required
    .filter((field) => (body as Record<string, unknown>)[field] === null)
    .map((field) => ({ field, message: 'is required and cannot be null (leave it out to keep it)' }));
  if (errors.length) throw new ValidationFailed('A required field cannot be cleared', errors);
}
