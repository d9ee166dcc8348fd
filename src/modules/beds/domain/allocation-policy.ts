import { BedRequestView, BedView, isEligible, waitingSince } from './eligibility';
import { type Direction, PRIORITIES, type Priority } from './types';

/**
 * The unit's allocations over its window, as the policy steers by them: offers that stand or were
 * taken up (offered, occupied, discharged), counted by direction. Declined and withdrawn offers do
 * not count. Counting offers (not only admissions) stops a burst of simultaneous free beds from all
 * going one way before anyone is admitted.
 */
export interface MixWindow {
  /** Step-down share the unit aims for, 0..1 (default 0.6). */
  target: number;
  stepDown: number;
  stepUp: number;
}

export interface AllocationPolicy {
  /** A request waiting longer than this goes first (default 48 h). */
  overdueHours: number;
}

export const DEFAULT_POLICY: AllocationPolicy = { overdueHours: 48 };

/**
 * Why this request got the bed: the first rule (applied in order, as filters) that set another
 * eligible request aside.
 * - only_eligible_request: nobody else could take this bed
 * - priority: urgent before routine, always (clinical urgency comes before the mix)
 * - waited_beyond_limit: within its priority, it has waited longer than the overdue limit and the runner-up had not
 * - under_target_direction: within its priority, its direction is below its share of the target and the runner-up's is not
 * - longest_wait: waited longest (also the final tie-break, then id)
 */
export const ALLOCATION_REASONS = ['only_eligible_request', 'waited_beyond_limit', 'under_target_direction', 'priority', 'longest_wait'] as const;
export type AllocationReason = (typeof ALLOCATION_REASONS)[number];

export interface Choice<R extends BedRequestView = BedRequestView> {
  request: R;
  reason: AllocationReason;
  /** Step-down share of the unit's allocations over the window before this one (null: none yet). */
  stepDownShareBefore: number | null;
  target: number;
  /** The direction below its share of the target (null when exactly on target or no history). */
  underTargetDirection: Direction | null;
  /**
   * Whether anyone of the under-target direction could have taken this bed. false means a miss is
   * caused by demand (nobody of that kind eligible), not by the policy; null when on target.
   */
  underTargetDirectionWaiting: boolean | null;
  eligibleWaiting: { stepDown: number; stepUp: number };
  /** Waiting requests this bed could not take (capabilities, purpose, unit, not yet due). */
  ineligibleWaiting: number;
  /** How long the chosen request had waited (since waitingSince), ms. */
  waitedMs: number;
  /** Time the bed stood free while someone eligible for it waited, ms (0 in a work-conserving run). */
  idleWhileWaitingMs: number;
  /**
   * The bed went against the mix because of clinical priority: the under-target direction had
   * someone eligible waiting, but only at a lower priority than the request chosen.
   */
  againstMixForPriority: boolean;
}

export function stepDownShare(mix: Pick<MixWindow, 'stepDown' | 'stepUp'>): number | null {
  const total = mix.stepDown + mix.stepUp;
  return total === 0 ? null : mix.stepDown / total;
}

/** The direction furthest below its share of the target: step_down below t, or step_up below 1 - t. */
export function underTargetDirection(mix: MixWindow): Direction | null {
  const share = stepDownShare(mix);
  if (share === null || share === mix.target) return null;
  return share < mix.target ? 'step_down' : 'step_up';
}

const HOUR = 3_600_000;

/** Clinical priority as a rank: lower is more urgent. */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

/**
 * The ordering key, most significant first; lower sorts first. Exported for tests.
 * Clinical priority first (urgent before routine, always); within a priority, anyone past the
 * overdue limit; then the direction below its share of the target; then the longest wait.
 */
export function rankKey(r: BedRequestView, under: Direction | null, now: Date, policy: AllocationPolicy): [number, number, number, number, string] {
  const since = waitingSince(r).getTime();
  const overdue = now.getTime() - since > policy.overdueHours * HOUR;
  return [priorityRank(r.priority), overdue ? 0 : 1, under !== null && r.direction === under ? 0 : 1, since, r.id];
}

function compareKeys(a: ReturnType<typeof rankKey>, b: ReturnType<typeof rankKey>): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

const REASON_BY_KEY: AllocationReason[] = ['priority', 'waited_beyond_limit', 'under_target_direction', 'longest_wait', 'longest_wait'];

/** How long the bed stood free while someone eligible for it waited. */
export function idleWhileWaitingMs(bed: Pick<BedView, 'freeSince'>, eligible: readonly BedRequestView[], now: Date): number {
  if (eligible.length === 0 || !bed.freeSince) return 0;
  const firstWaiting = Math.min(...eligible.map((r) => waitingSince(r).getTime()));
  return Math.max(0, now.getTime() - Math.max(bed.freeSince.getTime(), firstWaiting));
}

/**
 * Who gets this free bed. Only requests the bed can take are considered (capabilities cover the
 * needs, the unit accepts the purpose, not before the earliest date, not a unit they declined).
 * Among those: urgent before routine, always; within the most urgent priority waiting, anyone
 * past the overdue limit first; then the direction furthest below its share of the unit's target
 * over the window; then the longest wait.
 * `prefer` (soft: planAllocations passes "no preferred locality elsewhere with a bed free now")
 * sets requests aside; when that would hand the bed to a less urgent request, or to nobody, the
 * answer is null and planAllocations offers the bed again after the others in the same run.
 * Without `prefer`, returns null only when nobody eligible waits: a bed is never left idle while
 * someone could have it.
 */
export function chooseNext<R extends BedRequestView>(
  waiting: readonly R[],
  bed: BedView,
  mix: MixWindow,
  now: Date,
  policy: AllocationPolicy = DEFAULT_POLICY,
  prefer?: (r: R) => boolean,
): Choice<R> | null {
  const eligible = waiting.filter((r) => isEligible(r, bed, now));
  if (eligible.length === 0) return null;
  const under = underTargetDirection(mix);
  let ranked = eligible.map((r) => ({ r, key: rankKey(r, under, now, policy) })).sort((a, b) => compareKeys(a.key, b.key));
  if (prefer) {
    // Leave the bed to this run's next pass rather than let the preference hand it to a less urgent request.
    const preferred = ranked.filter((c) => prefer(c.r));
    if (preferred.length === 0 || preferred[0].key[0] !== ranked[0].key[0]) return null;
    ranked = preferred;
  }
  const first = ranked[0];
  // The rules act as successive filters; the reason is the first one that set anybody aside.
  let reason: AllocationReason = 'only_eligible_request';
  let kept = ranked;
  for (let i = 0; i < first.key.length && kept.length > 1; i++) {
    const next = kept.filter((c) => c.key[i] === first.key[i]);
    if (next.length < kept.length) {
      reason = REASON_BY_KEY[i];
      break;
    }
    kept = next;
  }
  const stepDown = eligible.filter((r) => r.direction === 'step_down').length;
  const underWaiting = under === null ? [] : eligible.filter((r) => r.direction === under);
  const bestUnderRank = Math.min(...underWaiting.map((r) => priorityRank(r.priority)));
  return {
    request: first.r,
    reason,
    stepDownShareBefore: stepDownShare(mix),
    target: mix.target,
    underTargetDirection: under,
    underTargetDirectionWaiting: under === null ? null : eligible.some((r) => r.direction === under),
    eligibleWaiting: { stepDown, stepUp: eligible.length - stepDown },
    ineligibleWaiting: waiting.length - eligible.length,
    waitedMs: Math.max(0, now.getTime() - waitingSince(first.r).getTime()),
    idleWhileWaitingMs: idleWhileWaitingMs(bed, eligible, now),
    againstMixForPriority: under !== null && first.r.direction !== under && underWaiting.length > 0 && bestUnderRank > first.key[0],
  };
}

export interface Assignment<R extends BedRequestView = BedRequestView, B extends BedView = BedView> {
  bed: B;
  choice: Choice<R>;
}

/** Fewest capabilities first: a plain need takes a plain bed and leaves the specialist ones free. */
function byFit(a: BedView, b: BedView): number {
  return a.capabilities.length - b.capabilities.length || a.label.localeCompare(b.label) || a.id.localeCompare(b.id);
}

/**
 * Fills every free bed it can. Beds are considered plainest first; each takes chooseNext among the
 * waiting requests, except that a request preferring another locality waits for a free bed there
 * when one it could take is also free now and someone of the same priority can take this one (a
 * soft preference that never leaves a bed idle and never hands it to a less urgent request). Each assignment counts in its unit's mix before the next.
 * Ends only when no free bed has an eligible request: work-conserving.
 */
export function planAllocations<R extends BedRequestView, B extends BedView>(
  freeBeds: readonly B[],
  waiting: readonly R[],
  mixes: ReadonlyMap<string, MixWindow>,
  now: Date,
  policy: AllocationPolicy = DEFAULT_POLICY,
): Assignment<R, B>[] {
  const free = [...freeBeds].sort(byFit);
  const remaining = [...waiting];
  const mix = new Map<string, MixWindow>();
  const mixOf = (unitId: string): MixWindow => {
    let m = mix.get(unitId);
    if (!m) {
      const base = mixes.get(unitId);
      if (!base) throw new Error(`No mix for unit ${unitId}`);
      m = { ...base };
      mix.set(unitId, m);
    }
    return m;
  };
  const out: Assignment<R, B>[] = [];
  let progressed = true;
  while (progressed && free.length > 0 && remaining.length > 0) {
    progressed = false;
    for (const bed of free) {
      const prefersHere = (r: R) =>
        !r.preferredLocality ||
        r.preferredLocality === bed.locality ||
        !free.some((other) => other !== bed && other.locality === r.preferredLocality && isEligible(r, other, now));
      const m = mixOf(bed.unitId);
      const choice = chooseNext(remaining, bed, m, now, policy, prefersHere);
      if (!choice) continue;
      out.push({ bed, choice });
      free.splice(free.indexOf(bed), 1);
      remaining.splice(remaining.indexOf(choice.request), 1);
      if (choice.request.direction === 'step_down') m.stepDown++;
      else m.stepUp++;
      progressed = true;
      break;
    }
  }
  return out;
}
