import { AllocationReason, MixWindow, planAllocations } from './allocation-policy';
import type { BedRequestView, BedView } from './eligibility';
import type { Direction, Priority } from './types';
import { prng } from '../../../common/prng';

/**
 * A discrete-event simulation of one unit run by the pure policy: arrivals (Poisson, split by
 * direction, a share of each urgent), stays of 2-10 days, 4 hours' cleaning, and the allocator run
 * at every event, exactly as the service runs it (a request arrives, a bed becomes available).
 * Deterministic (seeded). Used by the policy's specs and by `npm run sim:beds` (docs/bed-allocation.md).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-01-01T00:00:00Z');

export interface SimOptions {
  beds: number;
  days: number;
  /** arrivals per day by direction */
  arrivals: Record<Direction, number>;
  /** requests already waiting at the start, by direction */
  backlog: Record<Direction, number>;
  seed: number;
  target?: number;
  windowDays?: number;
  /** share of each direction's requests that are urgent (default none) */
  urgentShare?: Partial<Record<Direction, number>>;
}

export interface SimResult {
  /** step-down share of admissions over the trailing window, sampled daily: [day, share] */
  dailyShare: [number, number | null][];
  /** bed-hours a bed stood free (open, not cleaning) while an eligible request waited */
  idleBedHoursWhileWaiting: number;
  /** bed-hours beds stood free at all */
  idleBedHours: number;
  admissions: number;
  decisions: {
    direction: Direction;
    priority: Priority;
    againstMixForPriority: boolean;
    /** hours the request waited for its bed */
    waitedHours: number;
    reason: AllocationReason;
    underTargetDirection: Direction | null;
    underTargetDirectionWaiting: boolean | null;
    stepDownShareBefore: number | null;
  }[];
  minWaitingByDirection: Record<Direction, number>;
}

export function simulate(o: SimOptions): SimResult {
  const rand = prng(o.seed);
  const target = o.target ?? 0.6;
  const windowMs = (o.windowDays ?? 28) * DAY;
  const expo = (ratePerDay: number) => (-Math.log(1 - rand()) / ratePerDay) * DAY;
  const beds: (BedView & { busyUntil: number; cleanUntil: number })[] = Array.from({ length: o.beds }, (_, i) => ({
    id: `bed-${i}`,
    unitId: 'u1',
    label: `B${String(i).padStart(2, '0')}`,
    capabilities: [],
    allowedPurposes: null,
    locality: 'Dover/Deal',
    freeSince: new Date(START),
    busyUntil: 0,
    cleanUntil: 0,
  }));
  const waiting: BedRequestView[] = [];
  let seq = 0;
  const newRequest = (direction: Direction, at: number): BedRequestView => ({
    id: `r${String(++seq).padStart(6, '0')}`,
    direction,
    priority: rand() < (o.urgentShare?.[direction] ?? 0) ? 'urgent' : 'routine',
    needs: [],
    purpose: null,
    requestedAt: new Date(at),
    earliestAt: null,
    unitId: null,
    preferredLocality: null,
    excludedUnitIds: [],
  });
  for (const d of ['step_down', 'step_up'] as const) for (let i = 0; i < o.backlog[d]; i++) waiting.push(newRequest(d, START));
  const admitted: { at: number; direction: Direction }[] = [];
  const decisions: SimResult['decisions'] = [];
  const nextArrival: Record<Direction, number> = {
    step_down: o.arrivals.step_down > 0 ? START + expo(o.arrivals.step_down) : Number.POSITIVE_INFINITY,
    step_up: o.arrivals.step_up > 0 ? START + expo(o.arrivals.step_up) : Number.POSITIVE_INFINITY,
  };
  const end = START + o.days * DAY;
  const result: SimResult = {
    dailyShare: [],
    idleBedHoursWhileWaiting: 0,
    idleBedHours: 0,
    admissions: 0,
    decisions,
    minWaitingByDirection: { step_down: Number.POSITIVE_INFINITY, step_up: Number.POSITIVE_INFINITY },
  };
  const isFree = (b: (typeof beds)[number], t: number) => b.busyUntil <= t && b.cleanUntil <= t;
  const mixAt = (t: number): MixWindow => {
    const recent = admitted.filter((a) => a.at > t - windowMs);
    const stepDown = recent.filter((a) => a.direction === 'step_down').length;
    return { target, stepDown, stepUp: recent.length - stepDown };
  };
  const allocate = (t: number) => {
    const free = beds.filter((b) => isFree(b, t));
    const plan = planAllocations(free, waiting, new Map([['u1', mixAt(t)]]), new Date(t));
    for (const { bed, choice } of plan) {
      const b = beds.find((x) => x.id === bed.id)!;
      waiting.splice(waiting.indexOf(choice.request), 1);
      admitted.push({ at: t, direction: choice.request.direction });
      decisions.push({
        direction: choice.request.direction,
        priority: choice.request.priority,
        againstMixForPriority: choice.againstMixForPriority,
        waitedHours: choice.waitedMs / HOUR,
        reason: choice.reason,
        underTargetDirection: choice.underTargetDirection,
        underTargetDirectionWaiting: choice.underTargetDirectionWaiting,
        stepDownShareBefore: choice.stepDownShareBefore,
      });
      const los = (2 + rand() * 8) * DAY;
      b.busyUntil = t + los;
      b.cleanUntil = t + los + 4 * HOUR;
      b.freeSince = new Date(b.cleanUntil);
    }
  };

  let t = START;
  let nextSample = START + DAY;
  allocate(t);
  while (t < end) {
    const bedEvents = beds.flatMap((b) => [b.busyUntil, b.cleanUntil]).filter((x) => x > t);
    const next = Math.min(end, nextArrival.step_down, nextArrival.step_up, nextSample, ...bedEvents);
    // between events nothing changes: integrate idle time
    const freeNow = beds.filter((b) => isFree(b, t)).length;
    result.idleBedHours += (freeNow * (next - t)) / HOUR;
    if (waiting.length > 0) result.idleBedHoursWhileWaiting += (freeNow * (next - t)) / HOUR;
    t = next;
    for (const d of ['step_down', 'step_up'] as const) {
      if (nextArrival[d] === t) {
        waiting.push(newRequest(d, t));
        nextArrival[d] = t + expo(o.arrivals[d]);
      }
    }
    allocate(t);
    for (const d of ['step_down', 'step_up'] as const) {
      if (t - START < (o.windowDays ?? 28) * DAY) continue;
      result.minWaitingByDirection[d] = Math.min(result.minWaitingByDirection[d], waiting.filter((r) => r.direction === d).length);
    }
    if (t === nextSample) {
      const m = mixAt(t);
      const n = m.stepDown + m.stepUp;
      result.dailyShare.push([Math.round((t - START) / DAY), n === 0 ? null : m.stepDown / n]);
      nextSample += DAY;
    }
  }
  result.admissions = admitted.length;
  return result;
}
