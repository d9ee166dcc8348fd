import type { MixStatus } from './types';

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

/** Step-down share of admissions against the target and its limits. */
export function judgeMix(
  target: number,
  stepDownAdmissions: number,
  stepUpAdmissions: number,
  options: { sigma: number; minAdmissions: number },
): MixJudgement {
  const n = stepDownAdmissions + stepUpAdmissions;
  const share = n === 0 ? null : stepDownAdmissions / n;
  const { lowerLimit, upperLimit } = controlLimits(target, n, options.sigma);
  const judged = n >= options.minAdmissions && share !== null;
  let status: MixStatus = 'on_target';
  if (judged && share < lowerLimit) status = 'below';
  else if (judged && share > upperLimit) status = 'above';
  return { stepDownShare: share, lowerLimit, upperLimit, status, judged };
}

/**
 * One alert per excursion: leaving the limits (or jumping from one side to the other) starts a new
 * excursion and raises; staying outside raises nothing more; coming back inside ends it.
 */
export function nextExcursion(previous: MixStatus, current: MixStatus, excursions: number): { excursions: number; raise: boolean } {
  if (current === 'on_target' || current === previous) return { excursions, raise: false };
  return { excursions: excursions + 1, raise: true };
}
