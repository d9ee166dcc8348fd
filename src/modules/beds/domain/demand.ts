/** Demand for community beds, from history (pure). */

/** `12w` -> 12 (weeks, 1-104); null when it is not such a value. */
export function parseHistoryWeeks(value: string): number | null {
  const m = /^([1-9]\d{0,2})w$/.exec(value.trim());
  if (!m) return null;
  const weeks = Number(m[1]);
  return weeks <= 104 ? weeks : null;
}

export interface ObservedDemand {
  weeks: number;
  /** Requests raised in the window (every one, whatever became of it: demand, not admissions). */
  arrivals: number;
  /** Stays discharged in the window and their total length, days. */
  discharges: number;
  totalLengthOfStayDays: number;
  /** Requests closed without a bed (expired, or admitted to hospital first) in the window. */
  unmet: number;
}

/** The Erlang inputs observed: arrivals per week and mean length of stay (null when nothing to go on). */
export function observedRates(d: ObservedDemand): { arrivalsPerWeek: number; meanLengthOfStayDays: number; unmetRate: number | null } | null {
  if (d.arrivals === 0 || d.discharges === 0) return null;
  return {
    arrivalsPerWeek: d.arrivals / d.weeks,
    meanLengthOfStayDays: d.totalLengthOfStayDays / d.discharges,
    unmetRate: d.unmet / d.arrivals,
  };
}

/** Monday 00:00 UTC of the week holding `at` (weeks of unmet demand are ISO weeks, UTC). */
export function weekStart(at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000);
}
