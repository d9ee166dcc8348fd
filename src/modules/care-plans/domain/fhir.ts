import type { PlanStatus } from './plan-status';
import type { CarePlanSections, TextSection } from './sections';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const FHIR_JSON = 'application/fhir+json';

/** FHIR R4 CarePlan.status for our plan status. */
const STATUS: Record<PlanStatus, 'draft' | 'active' | 'revoked'> = { draft: 'draft', agreed: 'active', superseded: 'revoked' };

const LABELS: Record<TextSection, string> = {
  whatMattersToMe: 'What matters to me',
  goals: 'Goals',
  needs: 'Needs',
  pressurePoints: 'Possible pressure points',
  crisisPlan: 'Crisis and escalation plan',
  medicationsSummary: 'Medicines summary',
  anticipatoryMedications: 'Anticipatory medications',
  capacity: 'Mental capacity',
  preferredPlaceOfCare: 'Preferred place of care',
  preferredPlaceOfDeath: 'Preferred place of death',
  carers: 'Carers',
};

const RESUSCITATION: Record<string, string> = { dnacpr: 'DNACPR', for_cpr: 'For CPR', not_discussed: 'Not discussed' };

export interface FhirPerson {
  sub: string;
  name: string | null;
}

export interface FhirCarePlanInput {
  id: string;
  nhsNumber: string;
  version: number;
  status: PlanStatus;
  /** When this version was saved (meta.lastUpdated) and when the first version was (created, period.start). */
  versionCreatedAt: Date;
  firstCreatedAt: Date;
  reviewDueAt: Date | null;
  sections: CarePlanSections;
  author: FhirPerson;
  contributors: FhirPerson[];
}

function reference(p: FhirPerson) {
  return { type: 'Practitioner', identifier: { value: p.sub }, ...(p.name ? { display: p.name } : {}) };
}

/**
 * The plan as a FHIR R4 CarePlan: the patient by NHS number, status (draft/active), intent plan,
 * period from the first version to the review date, the latest author, every author as a
 * contributor, one note per filled section, and the version in meta.versionId. Plain text only.
 */
export function toFhirCarePlan(p: FhirCarePlanInput) {
  const notes: { text: string }[] = [];
  for (const [name, label] of Object.entries(LABELS) as [TextSection, string][]) {
    const text = p.sections[name];
    if (text) notes.push({ text: `${label}: ${text}` });
  }
  if (p.sections.contacts.length) {
    const lines = p.sections.contacts.map(
      (c) => `${c.name}${c.role ? ` (${c.role})` : ''}: ${c.phone}${c.available24x7 ? ', available 24/7' : ''}`,
    );
    notes.push({ text: `Contacts:\n${lines.join('\n')}` });
  }
  const r = p.sections.resuscitation;
  if (r) {
    const who = [r.by, r.documentedAt].filter(Boolean).join(', ');
    notes.push({ text: `Resuscitation decision: ${RESUSCITATION[r.status] ?? r.status}${who ? ` (${who})` : ''}` });
  }
  if (p.reviewDueAt) notes.push({ text: `Review due: ${p.reviewDueAt.toISOString()}` });
  const contributors = new Map(p.contributors.map((c) => [c.sub, c]));
  return {
    resourceType: 'CarePlan' as const,
    id: p.id,
    meta: { versionId: String(p.version), lastUpdated: p.versionCreatedAt.toISOString() },
    status: STATUS[p.status],
    intent: 'plan' as const,
    title: 'Anticipatory care plan',
    subject: { type: 'Patient', identifier: { system: NHS_NUMBER_SYSTEM, value: p.nhsNumber } },
    period: { start: p.firstCreatedAt.toISOString(), ...(p.reviewDueAt ? { end: p.reviewDueAt.toISOString() } : {}) },
    created: p.firstCreatedAt.toISOString(),
    author: reference(p.author),
    ...(contributors.size ? { contributor: [...contributors.values()].map(reference) } : {}),
    ...(notes.length ? { note: notes } : {}),
  };
}
