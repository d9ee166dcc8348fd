import type { ProblemBody } from '../errors/problem.filter';

/** The media type of FHIR JSON answers (resources, Bundles and OperationOutcomes). */
export const FHIR_JSON = 'application/fhir+json';

/** Requests under this path answer errors as FHIR OperationOutcome instead of problem+json. */
export function isFhirPath(path: string | undefined): boolean {
  return typeof path === 'string' && path.startsWith('/fhir/');
}

/** HTTP status -> FHIR issue-type (http://hl7.org/fhir/R4/valueset-issue-type.html). */
function issueCode(status: number): string {
  if (status === 400) return 'invalid';
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 413) return 'too-long';
  if (status === 429) return 'throttled';
  if (status === 415 || status === 428) return 'not-supported';
  if (status === 503) return 'transient';
  return 'exception';
}

/**
 * A problem+json body as a FHIR R4 OperationOutcome: one issue for the problem (our stable code
 * in details.coding, title and detail in the text, correlation id in diagnostics) and one issue
 * per field error (with the field as its expression). Pure; the ProblemFilter calls it for /fhir/.
 */
export function toOperationOutcome(problem: ProblemBody) {
  const text = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
  const severity = problem.status >= 500 ? 'fatal' : 'error';
  const main = {
    severity,
    code: issueCode(problem.status),
    details: { coding: [{ system: problem.type.slice(0, problem.type.lastIndexOf('/') + 1), code: problem.code }], text },
    ...(problem.correlationId ? { diagnostics: `correlationId=${problem.correlationId}` } : {}),
  };
  const fields = (problem.errors ?? []).map((e) => ({
    severity: 'error',
    code: issueCode(problem.status),
    details: { text: e.message },
    expression: [e.field],
  }));
  return { resourceType: 'OperationOutcome' as const, issue: [main, ...fields] };
}
