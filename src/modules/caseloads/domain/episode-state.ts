/**
 * The Pro-Active Care episode state machine (api.md, domain step 8):
 * identified -> invited -> assessment -> mdt_review -> active -> review_due -> completed,
 * or declined (from identified/invited) / withdrawn (from any open state).
 */
export const EPISODE_STATUSES = ['identified', 'invited', 'declined', 'assessment', 'mdt_review', 'active', 'review_due', 'completed', 'withdrawn'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];

export const CLOSED_EPISODE_STATUSES: readonly EpisodeStatus[] = ['declined', 'completed', 'withdrawn'];
export const OPEN_EPISODE_STATUSES: readonly EpisodeStatus[] = EPISODE_STATUSES.filter((s) => !CLOSED_EPISODE_STATUSES.includes(s));
/** Statuses that count against a team's active-episode capacity (the 12-week intervention is running or awaiting its review). */
export const ACTIVE_EPISODE_STATUSES: readonly EpisodeStatus[] = ['active', 'review_due'];

/** Who may take part in the joint assessment (001:1021). */
export const DISCIPLINES = ['gp', 'pharmacist_medicines_review', 'health_trainer', 'physio_ot', 'social_care', 'mental_health'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

const NEXT: Record<EpisodeStatus, readonly EpisodeStatus[]> = {
  identified: ['invited', 'declined', 'withdrawn'],
  invited: ['assessment', 'declined', 'withdrawn'],
  assessment: ['mdt_review', 'withdrawn'],
  mdt_review: ['active', 'withdrawn'],
  active: ['review_due', 'completed', 'withdrawn'],
  review_due: ['completed', 'withdrawn'],
  declined: [],
  completed: [],
  withdrawn: [],
};

export const isOpen = (s: EpisodeStatus) => !CLOSED_EPISODE_STATUSES.includes(s);

export interface EpisodeState {
  status: EpisodeStatus;
  /** When the latest change took effect (a transition may not be dated before it). */
  lastChangedAt: Date;
  startedAt: Date | null;
}

export interface TransitionInput {
  to: EpisodeStatus;
  reason?: string;
  at?: Date;
  disciplines?: string[];
}

export interface TransitionPlan {
  from: EpisodeStatus;
  to: EpisodeStatus;
  at: Date;
  reason: string | null;
  /** Set when the assessment ends (-> mdt_review). */
  disciplines?: Discipline[];
  /** Set when the episode becomes active: the 12-week clock. */
  startedAt?: Date;
  plannedEndAt?: Date;
  /** Set when the episode closes. */
  endedAt?: Date;
}

export type TransitionProblem = { kind: 'invalid_transition'; message: string } | { kind: 'validation'; field: string; message: string };

export const WEEK_MS = 7 * 24 * 3_600_000;

/** The plan for a transition, or the problem that forbids it. Pure: nothing changes here. */
export function planTransition(state: EpisodeState, input: TransitionInput, now: Date, episodeWeeks: number): TransitionPlan | TransitionProblem {
  const { status } = state;
  if (!NEXT[status].includes(input.to)) {
    return { kind: 'invalid_transition', message: `An episode cannot move from ${status} to ${input.to}` };
  }
  const at = input.at ?? now;
  if (at.getTime() > now.getTime()) return { kind: 'validation', field: 'at', message: 'is in the future' };
  if (at.getTime() < state.lastChangedAt.getTime()) return { kind: 'validation', field: 'at', message: 'is before the episode last changed' };
  const reason = input.reason?.trim() || null;
  if ((input.to === 'declined' || input.to === 'withdrawn') && !reason) {
    return { kind: 'validation', field: 'reason', message: `is required to mark an episode ${input.to}` };
  }
  const plan: TransitionPlan = { from: status, to: input.to, at, reason };
  if (input.disciplines !== undefined && input.to !== 'mdt_review') {
    return { kind: 'validation', field: 'disciplines', message: 'are recorded when the assessment ends (to mdt_review)' };
  }
  if (input.to === 'mdt_review') {
    const given = input.disciplines ?? [];
    const unknown = given.filter((d) => !(DISCIPLINES as readonly string[]).includes(d));
    if (unknown.length) return { kind: 'validation', field: 'disciplines', message: `unknown: ${unknown.join(', ')}` };
    // The joint assessment is led by the GP, the accountable lead professional (001:1021).
    if (!given.includes('gp')) return { kind: 'validation', field: 'disciplines', message: 'must include gp: the GP leads the joint assessment' };
    plan.disciplines = DISCIPLINES.filter((d) => given.includes(d));
  }
  if (input.to === 'active') {
    plan.startedAt = at;
    plan.plannedEndAt = plannedEnd(at, episodeWeeks);
  }
  if (!isOpen(input.to)) plan.endedAt = at;
  return plan;
}

export function plannedEnd(startedAt: Date, weeks: number): Date {
  return new Date(startedAt.getTime() + weeks * WEEK_MS);
}

/** The 12-week review is due: an active episode whose planned end has passed. */
export function isReviewDue(e: { status: EpisodeStatus; plannedEndAt: Date | null }, now: Date): boolean {
  return e.status === 'active' && e.plannedEndAt !== null && e.plannedEndAt.getTime() <= now.getTime();
}

/** Capacity check: may one more episode become active for a team already holding `active`? */
export function hasCapacity(active: number, capacity: number): boolean {
  return active < capacity;
}
