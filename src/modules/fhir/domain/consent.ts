import { compact, patientRef } from './common';

/** The patient's care plan sharing consent as the care plan view carries it. */
export interface ConsentInput {
  decision: string;
  scope: string;
  recordedBy: string;
  recordedAt: string;
  notes: string | null;
  createdAt: string;
}

const POLICY: Record<string, { code: string; display: string }> = {
  granted: { code: 'OPTIN', display: 'opt-in' },
  declined: { code: 'OPTOUT', display: 'opt-out' },
  best_interests: { code: 'OPTIN', display: 'opt-in' },
};

/**
 * The care plan sharing decision as a privacy Consent: granted and best interests permit sharing
 * (best interests recorded on behalf of a person unable to consent, said in the provision's code),
 * declined denies it. id = the NHS number (the current decision), dateTime when it was recorded.
 */
export function toFhirConsent(c: ConsentInput, nhsNumber: string) {
  const policy = POLICY[c.decision] ?? POLICY.declined;
  return compact({
    resourceType: 'Consent' as const,
    id: nhsNumber,
    meta: { lastUpdated: c.createdAt },
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }], text: c.scope.replace(/_/g, ' ') }],
    patient: patientRef(nhsNumber),
    dateTime: c.recordedAt,
    performer: [{ display: c.recordedBy }],
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', ...policy }] },
    provision: {
      type: c.decision === 'declined' ? 'deny' : 'permit',
      purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' }],
      ...(c.decision === 'best_interests' ? { code: [{ text: 'Best interests decision (the person could not consent)' }] } : {}),
    },
  });
}
