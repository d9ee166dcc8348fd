import type { MixBasis, MixStatus } from './types';

export interface MixJudgement {
  stepDownShare: number | null;
  lowerLimit: number;
  upperLimit: number;
  status: MixStatus;
  /** Enough admissions in the window to judge the mix against its limits. */
  judged: boolean;
}

/**
 * Control limits of a proportion (p-chart): target ± sigma·√(t(1−t)/n), clamped to [0, 1].
 * With few admissions the limits are wide, so chance variation in a small unit does not alarm.
 */
export function controlLimits(target: number, admissions: number, sigma: number): { lowerLimit: number; upperLimit: number } {
  if (admissions <= 0) return { lowerLimit: 0, upperLimit: 1 };
  const half = sigma * Math.sqrt((target * (1 - target)) / admissions);
  return { lowerLimit: Math.max(0, target - half), upperLimit: Math.min(1, target + half) };
}

/** Outside the limits when judged (enough admissions); otherwise on target. */
function mixStatus(judged: boolean, share: number | null, lowerLimit: number, upperLimit: number): MixStatus {
  if (!judged || share === null) return 'on_target';
  return share < lowerLimit ? 'below' : share > upperLimit ? 'above' : 'on_target';
}

/** A step-down share against the target and its limits, with `n` admissions behind it (judged from minAdmissions). */
function judgeShare(target: number, n: number, share: number | null, options: { sigma: number; minAdmissions: number }): MixJudgement {
  const { lowerLimit, upperLimit } = controlLimits(target, n, options.sigma);
  const judged = n >= options.minAdmissions && share !== null;
  return { stepDownShare: share, lowerLimit, upperLimit, status: mixStatus(judged, share, lowerLimit, upperLimit), judged };
}

/** Step-down share of admissions against the target and its limits. */
export function judgeMix(
  target: number,
  stepDownAdmissions: number,
  stepUpAdmissions: number,
  options: { sigma: number; minAdmissions: number },
): MixJudgement {
  const n = stepDownAdmissions + stepUpAdmissions;
  return judgeShare(target, n, n === 0 ? null : stepDownAdmissions / n, options);
}

/**
 * One alert per excursion: leaving the limits (or jumping from one side to the other) starts a new
 * excursion and raises; staying outside raises nothing more; coming back inside ends it.
 */
export function nextExcursion(previous: MixStatus, current: MixStatus, excursions: number): { excursions: number; raise: boolean } {
  if (current === 'on_target' || current === previous) return { excursions, raise: false };
  return { excursions: excursions + 1, raise: true };
}

/** Admissions and bed-days of one direction over a window. */
export interface DirectionTotals {
  admissions: number;
  bedDays: number;
}

/** The step-down share on the chosen basis: of admissions, or of bed-days used (null: nothing yet). */
export function shareOn(basis: MixBasis, d: { stepDown: DirectionTotals; stepUp: DirectionTotals }): number | null {
  const down = basis === 'admissions' ? d.stepDown.admissions : d.stepDown.bedDays;
  const total = down + (basis === 'admissions' ? d.stepUp.admissions : d.stepUp.bedDays);
  return total > 0 ? down / total : null;
}

/** One unit's part in a system-wide mix. */
export interface UnitMixPart {
  beds: number;
  target: number;
  /** The unit's step-down share on its basis (null: no admissions in the window). */
  share: number | null;
  /** Admissions in the window (the n of the unit's proportion). */
  admissions: number;
}

/**
 * The mix across units weighted by beds: share = Σ wᵤ·shareᵤ with wᵤ = bedsᵤ / Σ beds (over units
 * with admissions in the window), not a plain average of unit shares and not a pooled count (a
 * busy small unit would outweigh a large one). Target is weighted the same way. Control limits are
 * the units' p-chart limits combined: target ± sigma·√(Σ wᵤ²·tᵤ(1−tᵤ)/nᵤ); for one unit they are
 * exactly that unit's limits.
 */
export function systemMix(units: readonly UnitMixPart[], options: { sigma: number; minAdmissions: number }): MixJudgement & { target: number } {
  const counted = units.filter((u) => u.beds > 0 && u.share !== null && u.admissions > 0);
  const pool = counted.length ? counted : units.filter((u) => u.beds > 0);
  const beds = pool.reduce((n, u) => n + u.beds, 0);
  if (beds === 0) return { stepDownShare: null, target: units[0]?.target ?? 0, lowerLimit: 0, upperLimit: 1, status: 'on_target', judged: false };
  const target = pool.reduce((s, u) => s + (u.beds / beds) * u.target, 0);
  if (counted.length === 0) return { stepDownShare: null, target, lowerLimit: 0, upperLimit: 1, status: 'on_target', judged: false };
  const share = counted.reduce((s, u) => s + (u.beds / beds) * (u.share as number), 0);
  const variance = counted.reduce((v, u) => v + (u.beds / beds) ** 2 * ((u.target * (1 - u.target)) / u.admissions), 0);
  const half = options.sigma * Math.sqrt(variance);
  const lowerLimit = Math.max(0, target - half);
  const upperLimit = Math.min(1, target + half);
  const admissions = counted.reduce((n, u) => n + u.admissions, 0);
  const judged = admissions >= options.minAdmissions;
  return { stepDownShare: share, target, lowerLimit, upperLimit, status: mixStatus(judged, share, lowerLimit, upperLimit), judged };
}

/**
 * A unit's mix judged on its basis. The control limits use the admissions as n on either basis
 * (bed-days are not independent trials: a long stay is one decision), so on bed-days they are an
 * approximation, stated in docs/bed-allocation.md.
 */
export function judgeMixOn(
  basis: MixBasis,
  target: number,
  d: { stepDown: DirectionTotals; stepUp: DirectionTotals },
  options: { sigma: number; minAdmissions: number },
): MixJudgement {
  return judgeShare(target, d.stepDown.admissions + d.stepUp.admissions, shareOn(basis, d), options);
}
