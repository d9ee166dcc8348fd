import type { PdsCandidate } from './pds-fhir';

export type TraceDecision =
  | { kind: 'unique'; match: PdsCandidate }
  | { kind: 'no_match'; candidates: PdsCandidate[] }
  | { kind: 'ambiguous'; candidates: PdsCandidate[] };

/**
 * Attach a traced NHS number only when it cannot be the wrong person: exactly one candidate at or
 * above the threshold, and its date of birth is the one we hold. Anything else (several strong
 * candidates, only weak ones, a strong one with another date of birth) goes to a person, with the
 * candidates, as a trace_nhs_number task.
 */
export function decideTrace(candidates: readonly PdsCandidate[], local: { dateOfBirth: string }, threshold: number): TraceDecision {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.nhsNumber.localeCompare(b.nhsNumber));
  const strong = sorted.filter((c) => c.score >= threshold);
  if (strong.length === 1 && strong[0].dateOfBirth === local.dateOfBirth) return { kind: 'unique', match: strong[0] };
  if (strong.length > 1) return { kind: 'ambiguous', candidates: sorted };
  return sorted.length ? { kind: 'ambiguous', candidates: sorted } : { kind: 'no_match', candidates: [] };
}

/** The task text listing candidates for the person who resolves the trace. */
export function candidatesText(candidates: readonly PdsCandidate[]): string {
  if (!candidates.length) return 'PDS found no candidate: check the details with the referrer and trace by hand.';
  return [
    'PDS candidates (choose one, or none):',
    ...candidates.map(
      (c) => `- ${c.nhsNumber} score ${c.score.toFixed(2)}: ${c.familyName}, ${c.givenName ?? '?'}, born ${c.dateOfBirth}, ${c.postcode ?? 'no postcode'}, practice ${c.gpPracticeOds ?? 'none'}`,
    ),
  ].join('\n');
}
