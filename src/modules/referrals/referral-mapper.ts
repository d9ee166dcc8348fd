import { isBreached } from './domain/response-clock';
import type { DestinationView, HistoryEntryView, ReferralView } from './dto/referral.view';
import type { PartRow } from './referral-destinations.repository';
import type { EventRow, ReferralRow } from './referrals.repository';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toDestinationView(d: PartRow, now: Date): DestinationView {
  return {
    id: d.id,
    service: d.service,
    teamCode: d.team_code,
    status: d.status,
    respondBy: d.respond_by.toISOString(),
    breached: isBreached(d.breach_at, now),
    firstContactAt: iso(d.first_contact_at),
    acceptedAt: iso(d.accepted_at),
    assignedTo: d.assigned_to,
    completedAt: iso(d.completed_at),
    outcome: d.outcome,
    outcomeNotes: d.outcome_notes,
    cancelledAt: iso(d.cancelled_at),
    routedOutOfHours: d.routed_out_of_hours,
    routingBasis: d.routing_basis,
    routingReason: d.routing_reason,
  };
}

export function toHistoryEntry(e: EventRow): HistoryEntryView {
  return {
    at: e.at.toISOString(),
    by: e.actor_sub,
    byName: e.actor_name,
    action: e.action,
    from: e.from_value,
    to: e.to_value,
    reason: e.reason,
    teamCode: e.team_code,
    destinationId: e.destination_id,
    detail: e.detail,
  };
}

/**
 * A referrer's history: the SPoA the record's practice chose and an earlier referral for the same
 * patient (perhaps another organisation's) are the record's, not the referrer's.
 */
function externalHistoryEntry(e: EventRow, spoaTeamCode: string): HistoryEntryView {
  const entry = toHistoryEntry(e);
  if (entry.teamCode === spoaTeamCode) entry.teamCode = null;
  if (entry.detail && 'duplicateOf' in entry.detail) {
    const { duplicateOf: _, ...rest } = entry.detail;
    entry.detail = rest;
  }
  return entry;
}

/**
 * The referral as clients see it. Patient demographics only for callers who may read patient
 * data; a referrer sees the NHS number it sent, not what the record holds. `external` (a caller
 * who may not read patient records): nothing that depends on whether, or where, the patient was
 * already known — no `duplicateOf`, no SPoA (chosen from the practice on record) — so taking a
 * referral answers the same for a known and an unknown NHS number. Routing and the receiving teams'
 * work stay visible: the closed loop.
 */
export function toReferralView(
  r: ReferralRow,
  parts: PartRow[],
  now: Date,
  options: { includePatient: boolean; external?: boolean; history?: EventRow[] },
): ReferralView {
  const external = options.external === true;
  const mine = parts.filter((d) => d.referral_id === r.id);
  const view: ReferralView = {
    id: r.id,
    status: r.status,
    urgency: r.urgency,
    nhsNumber: r.nhs_number,
    needsTracing: r.needs_tracing,
    patient: options.includePatient
      ? {
          nhsNumber: r.nhs_number,
          givenName: r.given_name,
          familyName: r.family_name,
          dateOfBirth: r.date_of_birth,
          gpPracticeOds: r.gp_practice_ods,
          needsTracing: r.needs_tracing,
        }
      : null,
    requestedService: r.requested_service,
    needs: r.needs,
    reason: r.reason,
    source: { type: r.source_type, organisationOds: r.source_organisation_ods, name: r.source_name, contact: r.source_contact },
    receivedAt: r.received_at.toISOString(),
    respondBy: r.respond_by.toISOString(),
    breached: isBreached(r.breach_at, now),
    duplicateOf: external ? null : r.duplicate_of,
    spoaTeamCode: external ? null : r.spoa_team_code,
    triage:
      r.triage_decision && r.triaged_at
        ? { decision: r.triage_decision, at: r.triaged_at.toISOString(), by: r.triaged_by ?? '', notes: r.triage_notes }
        : null,
    closedAt: iso(r.closed_at),
    closedReason: r.closed_reason,
    routedOutOfHours: mine.some((d) => d.routed_out_of_hours),
    destinations: mine.map((d) => toDestinationView(d, now)),
    referredBy: { sub: r.created_by, name: r.created_by_name, org: r.created_by_org },
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (options.history) view.history = options.history.map((e) => (external ? externalHistoryEntry(e, r.spoa_team_code) : toHistoryEntry(e)));
  return view;
}
