import { compact, patientRef, staffRef } from './common';

/** The parts of a care plan view the mapping reads (modules/care-plans toCarePlanView). */
export interface CarePlanInput {
  nhsNumber: string;
  version: number;
  status: string;
  whatMattersToMe: string | null;
  goals: string | null;
  needs: string | null;
  pressurePoints: string | null;
  crisisPlan: string | null;
  medicationsSummary: string | null;
  anticipatoryMedications: string | null;
  capacity: string | null;
  preferredPlaceOfCare: string | null;
  preferredPlaceOfDeath: string | null;
  carers: string | null;
  contacts: { name: string; role: string | null; phone: string; available24x7: boolean }[];
  resuscitation: { status: string; documentedAt: string | null; by: string | null } | null;
  reviewDueAt: string | null;
  createdAt: string;
  createdBy: { staffId: string; name: string | null };
}

const STATUS: Record<string, 'draft' | 'active' | 'revoked'> = { draft: 'draft', agreed: 'active', superseded: 'revoked' };
const NOTE_SECTIONS: [keyof CarePlanInput, string][] = [
  ['whatMattersToMe', 'What matters to me'],
  ['needs', 'Needs'],
  ['pressurePoints', 'Possible pressure points'],
  ['medicationsSummary', 'Medicines summary'],
  ['capacity', 'Mental capacity'],
  ['preferredPlaceOfCare', 'Preferred place of care'],
  ['preferredPlaceOfDeath', 'Preferred place of death'],
  ['carers', 'Carers'],
];
const RESUSCITATION: Record<string, string> = { dnacpr: 'DNACPR', for_cpr: 'For CPR', not_discussed: 'Not discussed' };

function lines(text: string | null): string[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.replace(/^\s*[-*•]\s*/, '').trim())
    .filter((l) => l.length > 0);
}

/**
 * The current anticipatory care plan, structured: each line of `goals` is a contained Goal the plan
 * points at; the crisis plan and the anticipatory medications are planned activities; the other
 * sections, the 24/7 contacts and the resuscitation decision are notes. id = the NHS number (one
 * current plan per patient), meta.versionId the plan version, period to the review date.
 */
export function toFhirStructuredCarePlan(p: CarePlanInput) {
  const subject = patientRef(p.nhsNumber);
  const goals = lines(p.goals).map((text, i) => ({
    resourceType: 'Goal' as const,
    id: `goal-${i + 1}`,
    lifecycleStatus: p.status === 'superseded' ? 'cancelled' : 'active',
    description: { text },
    subject,
  }));
  const activity: { detail: Record<string, unknown> }[] = [];
  if (p.crisisPlan) {
    activity.push({ detail: { kind: 'ServiceRequest', code: { text: 'Crisis and escalation plan' }, status: 'not-started', description: p.crisisPlan } });
  }
  if (p.anticipatoryMedications) {
    activity.push({
      detail: { kind: 'MedicationRequest', code: { text: 'Anticipatory medications' }, status: 'not-started', description: p.anticipatoryMedications },
    });
  }
  const note: { text: string }[] = [];
  for (const [key, label] of NOTE_SECTIONS) {
    const text = p[key];
    if (typeof text === 'string' && text) note.push({ text: `${label}: ${text}` });
  }
  if (p.contacts.length) {
    const list = p.contacts.map((c) => `${c.name}${c.role ? ` (${c.role})` : ''}: ${c.phone}${c.available24x7 ? ', available 24/7' : ''}`);
    note.push({ text: `Contacts:\n${list.join('\n')}` });
  }
  if (p.resuscitation) {
    const r = p.resuscitation;
    const who = [r.by, r.documentedAt].filter(Boolean).join(', ');
    note.push({ text: `Resuscitation decision: ${RESUSCITATION[r.status] ?? r.status}${who ? ` (${who})` : ''}` });
  }
  return compact({
    resourceType: 'CarePlan' as const,
    id: p.nhsNumber,
    meta: { versionId: String(p.version), lastUpdated: p.createdAt },
    contained: goals,
    status: STATUS[p.status] ?? 'unknown',
    intent: 'plan',
    title: 'Anticipatory care plan',
    subject,
    period: compact({ end: p.reviewDueAt ?? undefined }),
    author: staffRef(p.createdBy.staffId, p.createdBy.name),
    goal: goals.map((g) => ({ reference: `#${g.id}` })),
    activity,
    note,
  });
}
