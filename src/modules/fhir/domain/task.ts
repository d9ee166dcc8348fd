import { compact, localConcept, patientRef, staffRef, teamRef } from './common';

/** The parts of a team task view the mapping reads (modules/tasks TaskView). */
export interface TaskInput {
  id: string;
  type: string;
  title: string;
  detail: string | null;
  nhsNumber: string | null;
  teamCode: string;
  dueAt: string;
  status: string;
  assignee: string | null;
  outcome: string | null;
  completedAt: string | null;
  createdAt: string;
  source: { type: string; id: string | null };
}

const SOURCE_RESOURCE: Record<string, string> = { referral: 'ServiceRequest', admission: 'Encounter', proactive_care_episode: 'EpisodeOfCare' };

/**
 * A team task as a FHIR Task: open tasks are `ready` (or `in-progress` once someone took them),
 * done tasks `completed`; owner the team (the assignee in a note), due time as the restriction
 * period end, the patient in `for`, what created it in `focus` when we serve that resource type.
 */
export function toFhirTask(t: TaskInput) {
  const focusType = SOURCE_RESOURCE[t.source.type];
  return compact({
    resourceType: 'Task' as const,
    id: t.id,
    meta: { lastUpdated: t.completedAt ?? t.createdAt },
    status: t.status === 'done' ? 'completed' : t.assignee ? 'in-progress' : 'ready',
    intent: 'order',
    code: localConcept('task-type', t.type),
    description: t.detail ? `${t.title}: ${t.detail}` : t.title,
    focus: focusType && t.source.id ? { reference: `${focusType}/${t.source.id}`, type: focusType } : undefined,
    for: t.nhsNumber ? patientRef(t.nhsNumber) : undefined,
    authoredOn: t.createdAt,
    lastModified: t.completedAt ?? undefined,
    owner: teamRef(t.teamCode),
    note: t.assignee ? [{ authorReference: staffRef(t.assignee), text: 'Assigned to this member of staff' }] : undefined,
    restriction: { period: { end: t.dueAt } },
    output: t.outcome ? [{ type: { text: 'outcome' }, valueString: t.outcome }] : undefined,
  });
}
