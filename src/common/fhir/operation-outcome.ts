/** FHIR R4 OperationOutcome for a problem+json body: the form of every error under `/fhir/`. */
export interface ProblemLike {
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  correlationId?: string;
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  id?: string;
  issue: {
    severity: 'fatal' | 'error' | 'warning' | 'information';
    code: string;
    details: { coding: { system: string; code: string }[]; text: string };
    diagnostics?: string;
    expression?: string[];
  }[];
}

export const PROBLEM_CODE_SYSTEM = 'https://care-coordination.example.nhs.uk/problems';

/** http://hl7.org/fhir/R4/valueset-issue-type.html, by HTTP status. */
function issueType(status: number): string {
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 413) return 'too-long';
  if (status === 415) return 'not-supported';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'exception';
  return 'invalid';
}

/**
 * One issue per field error (with its FHIRPath-like `expression`), or one for the problem itself.
 * `details.coding` carries our stable code; `diagnostics` the detail. Pure: shared with the FHIR read API.
 */
export function toOperationOutcome(problem: ProblemLike): OperationOutcome {
  const base = {
    severity: (problem.status >= 500 ? 'fatal' : 'error') as 'fatal' | 'error',
    code: issueType(problem.status),
    details: { coding: [{ system: PROBLEM_CODE_SYSTEM, code: problem.code }], text: problem.title },
  };
  const issues = problem.errors?.length
    ? problem.errors.map((e) => ({ ...base, diagnostics: `${e.field} ${e.message}`, expression: [e.field] }))
    : [{ ...base, ...(problem.detail ? { diagnostics: problem.detail } : {}) }];
  return { resourceType: 'OperationOutcome', ...(problem.correlationId ? { id: problem.correlationId.replace(/[^A-Za-z0-9\-.]/g, '').slice(0, 64) || undefined } : {}), issue: issues };
}
