import { suppressCount, suppressedShare, SuppressedCount } from '../../../common/disclosure/small-numbers';
import { judgeMix } from '../../beds/domain/mix';

export interface WeekCounts {
  weekStart: Date;
  stepDown: number;
  stepUp: number;
}

export interface TrendPoint {
  weekStart: string;
  admissions: SuppressedCount;
  stepDownShare: number | null;
  lowerLimit: number;
  upperLimit: number;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Weekly step-down share of bed admissions against the target, with the p-chart control limits
 * for each week's number of admissions (the beds capability's own judgement); small weeks are
 * suppressed (share withheld when admissions are 1-4).
 */
export function stepDownTrend(weeks: WeekCounts[], target: number, options: { sigma: number; minAdmissions: number }): TrendPoint[] {
  return weeks.map((w) => {
    const n = w.stepDown + w.stepUp;
    const j = judgeMix(target, w.stepDown, w.stepUp, options);
    return {
      weekStart: w.weekStart.toISOString().slice(0, 10),
      admissions: suppressCount(n),
      stepDownShare: suppressedShare(w.stepDown, n),
      lowerLimit: round(j.lowerLimit),
      upperLimit: round(j.upperLimit),
    };
  });
}
