import { compact, localConcept, organizationRef, patientRef, teamRef } from './common';

/** The parts of a referral view the mapping reads (modules/referrals ReferralView). */
export interface ReferralInput {
  id: string;
  status: string;
  urgency: string;
  nhsNumber: string | null;
  requestedService: string | null;
  reason: string;
  source: { type: string; organisationOds: string | null; name: string | null };
  receivedAt: string;
  respondBy: string;
  /** Null in a referrer's view (modules/referrals referral-mapper): then no performer / owner. */
  spoaTeamCode: string | null;
  updatedAt: string;
  version: number;
  destinations: {
    id: string;
    service: string;
    teamCode: string;
    status: string;
    respondBy: string;
    firstContactAt: string | null;
    completedAt: string | null;
    outcome: string | null;
  }[];
}

/** Referral status -> request-status. Returned and declined referrals were ended by us: revoked. */
const REFERRAL_STATUS: Record<string, 'active' | 'completed' | 'revoked'> = {
  awaiting_triage: 'active',
  accepted: 'active',
  in_progress: 'active',
  completed: 'completed',
  returned_to_referrer: 'revoked',
  declined: 'revoked',
  cancelled: 'revoked',
};
/** Routed part status -> request-status. */
const PART_STATUS: Record<string, 'active' | 'completed' | 'revoked'> = {
  awaiting_acceptance: 'active',
  accepted: 'active',
  in_progress: 'active',
  completed: 'completed',
  cancelled: 'revoked',
};
/** Urgency -> request-priority: crisis (2 h) is stat, urgent (24 h) urgent, routine (7 days) routine. */
export const PRIORITY: Record<string, 'stat' | 'urgent' | 'routine'> = { crisis: 'stat', urgent: 'urgent', routine: 'routine' };

function requester(r: ReferralInput) {
  if (r.source.organisationOds) return organizationRef(r.source.organisationOds, r.source.name);
  return { display: r.source.name ? `${r.source.name} (${r.source.type.replace(/_/g, ' ')})` : r.source.type.replace(/_/g, ' ') };
}

/**
 * A referral as ServiceRequests: one for the referral to the single point of access (id = the
 * referral id, performer the SPoA team, occurrence its respond-by), and one per routed part (id =
 * the part id, basedOn the referral, performer the receiving team, occurrence the part's
 * respond-by). Status and intent from our states, priority from urgency. Needs an NHS number
 * (a referral still being traced has no FHIR Patient to point at): callers skip those.
 */
export function toFhirServiceRequests(r: ReferralInput & { nhsNumber: string }) {
  const subject = patientRef(r.nhsNumber);
  const priority = PRIORITY[r.urgency];
  const referral = compact({
    resourceType: 'ServiceRequest' as const,
    id: r.id,
    meta: { versionId: String(r.version), lastUpdated: r.updatedAt },
    status: REFERRAL_STATUS[r.status] ?? 'unknown',
    intent: 'order',
    category: [localConcept('referral-source', r.source.type)],
    priority,
    code: localConcept('service', r.requestedService ?? 'single_point_of_access', 'Single point of access referral'),
    subject,
    occurrenceDateTime: r.respondBy,
    authoredOn: r.receivedAt,
    requester: requester(r),
    performer: r.spoaTeamCode ? [teamRef(r.spoaTeamCode)] : undefined,
    reasonCode: [{ text: r.reason }],
  });
  const parts = r.destinations.map((d) =>
    compact({
      resourceType: 'ServiceRequest' as const,
      id: d.id,
      meta: { lastUpdated: r.updatedAt },
      basedOn: [{ reference: `ServiceRequest/${r.id}`, type: 'ServiceRequest' }],
      status: PART_STATUS[d.status] ?? 'unknown',
      intent: 'order',
      priority,
      code: localConcept('service', d.service),
      subject,
      occurrenceDateTime: d.respondBy,
      authoredOn: r.receivedAt,
      performer: [teamRef(d.teamCode)],
      reasonCode: [{ text: r.reason }],
      note: d.outcome ? [{ text: `Outcome: ${d.outcome.replace(/_/g, ' ')}` }] : undefined,
    }),
  );
  return [referral, ...parts];
}

/** The id of the triage step Task of a referral. */
export function triageTaskId(referralId: string): string {
  return `triage-${referralId}`;
}

/**
 * The triage step of a referral as a Task: owned by the SPoA team, focus the referral's
 * ServiceRequest, requested until triaged, completed once triaged (accepted, returned, declined),
 * cancelled when the referral was cancelled before triage; restriction period ends at respond-by.
 */
export function toFhirTriageTask(r: ReferralInput & { nhsNumber: string }, triagedAt: string | null) {
  const status = r.status === 'awaiting_triage' ? 'requested' : r.status === 'cancelled' && !triagedAt ? 'cancelled' : 'completed';
  return compact({
    resourceType: 'Task' as const,
    id: triageTaskId(r.id),
    meta: { lastUpdated: r.updatedAt },
    status,
    intent: 'order',
    priority: PRIORITY[r.urgency],
    code: localConcept('task-type', 'triage', 'Triage at the single point of access'),
    focus: { reference: `ServiceRequest/${r.id}`, type: 'ServiceRequest' },
    for: patientRef(r.nhsNumber),
    authoredOn: r.receivedAt,
    lastModified: triagedAt ?? r.updatedAt,
    owner: r.spoaTeamCode ? teamRef(r.spoaTeamCode) : undefined,
    restriction: { period: { end: r.respondBy } },
  });
}
