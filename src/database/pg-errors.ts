/** PostgreSQL error codes we turn into domain errors. */
function pgCode(e: unknown): string | undefined {
  const err = e as { code?: string; driverError?: { code?: string } };
  return err?.driverError?.code ?? err?.code;
}

export const isUniqueViolation = (e: unknown) => pgCode(e) === '23505';
export const isExclusionViolation = (e: unknown) => pgCode(e) === '23P01';
export const isSerializationFailure = (e: unknown) => pgCode(e) === '40001' || pgCode(e) === '40P01';

export function constraintOf(e: unknown): string | undefined {
  const err = e as { constraint?: string; driverError?: { constraint?: string } };
  return err?.driverError?.constraint ?? err?.constraint;
}
