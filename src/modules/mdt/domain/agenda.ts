/**
 * Why a patient is on an MDT agenda, in priority order (api.md "MDT meetings"): admitted or
 * discharged since the last meeting, Pro-Active Care episodes awaiting joint assessment or plan
 * agreement, 12-week reviews due, care plans overdue review, highest-risk patients not yet enrolled.
 */
export const AGENDA_REASONS = [
  'admitted_or_discharged',
  'episode_awaiting_assessment_or_agreement',
  'twelve_week_review_due',
  'care_plan_overdue_review',
  'high_risk_not_enrolled',
] as const;
export type AgendaReason = (typeof AGENDA_REASONS)[number];
/** Manual items carry this reason. */
export const MANUAL_REASON = 'added_by_hand' as const;

export const REASON_TEXT: Record<AgendaReason, string> = {
  admitted_or_discharged: 'Admitted to or discharged from hospital since the last meeting',
  episode_awaiting_assessment_or_agreement: 'Pro-Active Care episode awaiting joint assessment or plan agreement',
  twelve_week_review_due: 'Pro-Active Care 12-week review due',
  care_plan_overdue_review: 'Anticipatory care plan overdue review',
  high_risk_not_enrolled: 'Among the highest risk in the practice and not enrolled in Pro-Active Care',
};

/** One patient a source proposes. */
export interface AgendaCandidate {
  patientId: string;
  nhsNumber: string;
  reason: AgendaReason;
  /** Within a reason, lower sorts first (e.g. the earlier due date, or minus the risk score). */
  priority: number;
  /** Human-readable why, e.g. "review due 2026-02-01". */
  detail?: string;
}

/** An item already on the agenda that regeneration keeps (added by hand). */
export interface ManualItem {
  patientId: string;
  nhsNumber: string;
  /** Its current position; manual items keep their relative order. */
  order: number;
  detail?: string | null;
}

export interface AgendaInput {
  candidates: readonly AgendaCandidate[];
  /** Patients that did not fit at the previous meeting: they go first. */
  rolledOver: readonly AgendaCandidate[];
  manual: readonly ManualItem[];
  /** Patients removed by hand from this meeting's agenda: regeneration does not bring them back. */
  removed: readonly string[];
  durationMinutes: number;
  minutesPerPatient: number;
}

export type ItemSource = 'rolled_over' | 'manual' | 'generated';

export interface PlannedItem {
  patientId: string;
  nhsNumber: string;
  reason: AgendaReason | typeof MANUAL_REASON;
  /** Every reason the patient qualified for, highest priority first. */
  reasons: string[];
  detail: string | null;
  source: ItemSource;
  minutes: number;
  order: number;
}

export interface AgendaPlan {
  capacity: number;
  items: PlannedItem[];
  /** What did not fit: rolls to the next meeting, first. */
  overflow: PlannedItem[];
}

export function capacityOf(durationMinutes: number, minutesPerPatient: number): number {
  if (minutesPerPatient <= 0) return 0;
  return Math.floor(durationMinutes / minutesPerPatient);
}

const rank = (r: AgendaReason) => AGENDA_REASONS.indexOf(r);

/**
 * The total order of candidates: reason priority, then the source's priority (lower first), then
 * the NHS number (ascending) as the final, documented tie-break, so equal inputs in any order give
 * the same agenda.
 */
export function compareCandidates(a: AgendaCandidate, b: AgendaCandidate): number {
  return rank(a.reason) - rank(b.reason) || a.priority - b.priority || (a.nhsNumber < b.nhsNumber ? -1 : a.nhsNumber > b.nhsNumber ? 1 : 0);
}

/**
 * Builds the agenda: patients rolled over from the previous meeting first (in their order there),
 * then manual items (kept on every regeneration, in their relative order), then generated items by
 * compareCandidates. A patient appears once, with the highest-priority reason and all reasons
 * listed. Every item gets minutesPerPatient; the first `capacity` items are the agenda, the rest
 * overflow, except manual items, which are never pushed off by generated ones (a person chose them).
 */
export function buildAgenda(input: AgendaInput): AgendaPlan {
  const capacity = capacityOf(input.durationMinutes, input.minutesPerPatient);
  const removed = new Set(input.removed);
  const manualIds = new Set(input.manual.map((m) => m.patientId));
  const reasonsOf = new Map<string, AgendaCandidate[]>();
  for (const c of [...input.rolledOver, ...input.candidates]) {
    const list = reasonsOf.get(c.patientId) ?? [];
    list.push(c);
    reasonsOf.set(c.patientId, list);
  }
  for (const list of reasonsOf.values()) list.sort(compareCandidates);
  const allReasons = (id: string) => [...new Set((reasonsOf.get(id) ?? []).map((c) => c.reason))];

  const seen = new Set<string>();
  const ordered: Omit<PlannedItem, 'order' | 'minutes'>[] = [];
  const take = (c: AgendaCandidate, source: ItemSource) => {
    if (seen.has(c.patientId) || removed.has(c.patientId) || manualIds.has(c.patientId)) return;
    seen.add(c.patientId);
    const best = (reasonsOf.get(c.patientId) ?? [c])[0];
    ordered.push({ patientId: c.patientId, nhsNumber: c.nhsNumber, reason: best.reason, reasons: allReasons(c.patientId), detail: best.detail ?? null, source });
  };
  const manual = [...input.manual].sort((a, b) => a.order - b.order || (a.nhsNumber < b.nhsNumber ? -1 : 1));
  const manualItems = manual.map((m) => ({
    patientId: m.patientId,
    nhsNumber: m.nhsNumber,
    reason: MANUAL_REASON,
    reasons: [MANUAL_REASON, ...allReasons(m.patientId)],
    detail: m.detail ?? null,
    source: 'manual' as const,
  }));
  for (const c of input.rolledOver) take(c, 'rolled_over');
  const rolled = ordered.splice(0);
  for (const c of [...input.candidates].sort(compareCandidates)) take(c, 'generated');
  const generated = ordered.splice(0);

  const fixed = [...rolled.slice(0, Math.max(0, capacity - manualItems.length)), ...manualItems];
  const rest = [...rolled.slice(fixed.length - manualItems.length), ...generated];
  const room = Math.max(0, capacity - fixed.length);
  const chosen = [...fixed, ...rest.slice(0, room)];
  // Rolled-over first, then manual, then generated.
  const sourceRank: Record<ItemSource, number> = { rolled_over: 0, manual: 1, generated: 2 };
  const stable = chosen.map((it, i) => ({ it, i })).sort((a, b) => sourceRank[a.it.source] - sourceRank[b.it.source] || a.i - b.i);
  const items = stable.map(({ it }, i) => ({ ...it, minutes: input.minutesPerPatient, order: i + 1 }));
  const overflow = rest.slice(room).map((it, i) => ({ ...it, minutes: input.minutesPerPatient, order: i + 1 }));
  return { capacity, items, overflow };
}
