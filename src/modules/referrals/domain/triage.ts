import type { FieldError } from '../../../common/errors/domain-error';
import type { ReferralService, TriageDecision, Urgency } from './catalogue';
import type { ReferralEvent } from './referral-state';

export interface TriageInput {
  decision: TriageDecision;
  destinations?: { service: ReferralService; teamCode?: string }[];
  urgency?: Urgency;
  reason?: string;
}

export const TRIAGE_EVENT: Record<TriageDecision, ReferralEvent> = {
  accept: 'triage_accept',
  return_to_referrer: 'return_to_referrer',
  decline: 'decline',
};

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/**
 * The rules of a triage decision beyond field validation: accepting routes to at least one
 * service (each once); returning and declining route nowhere and need a reason; changing the
 * urgency needs a reason.
 */
export function triageProblems(currentUrgency: Urgency, input: TriageInput): FieldError[] {
  const errors: FieldError[] = [];
  const destinations = input.destinations ?? [];
  if (input.decision === 'accept') {
    if (destinations.length === 0) errors.push({ field: 'destinations', message: 'must route to at least one service when accepting' });
    const seen = new Set<string>();
    destinations.forEach((d, i) => {
      if (seen.has(d.service)) errors.push({ field: `destinations.${i}.service`, message: 'is already in this triage' });
      seen.add(d.service);
    });
  } else {
    if (destinations.length > 0) errors.push({ field: 'destinations', message: `must be empty when the decision is ${input.decision}` });
    if (blank(input.reason)) errors.push({ field: 'reason', message: `is required to ${input.decision === 'decline' ? 'decline' : 'return to the referrer'}` });
  }
  if (input.urgency !== undefined && input.urgency !== currentUrgency && blank(input.reason)) {
    errors.push({ field: 'reason', message: 'is required to change the urgency' });
  }
  return errors.filter((e, i) => errors.findIndex((x) => x.field === e.field && x.message === e.message) === i);
}
