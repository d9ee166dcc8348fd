/**
 * The Erlang loss model (M/G/c/c): arrivals that find every bed full are refused (go elsewhere).
 * The blocking probability depends on the length-of-stay distribution only through its mean
 * (insensitivity), which is why it suits bed pools.
 */

/**
 * Erlang B: probability an arrival finds all `servers` busy, for offered load `load` Erlangs.
 * Uses the recurrence B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)), which never forms factorials or
 * powers, so it is stable for thousands of servers and any load.
 */
export function erlangB(servers: number, load: number): number {
  if (!Number.isInteger(servers) || servers < 0) throw new RangeError('servers must be a whole number >= 0');
  if (!Number.isFinite(load) || load < 0) throw new RangeError('load must be a finite number >= 0');
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
  return b;
}

/** The fewest servers whose blocking probability is at most `maxBlocking`. */
export function serversNeeded(load: number, maxBlocking: number, maxServers = 100_000): number {
  if (!(maxBlocking > 0 && maxBlocking < 1)) throw new RangeError('maxBlocking must be between 0 and 1 (exclusive)');
  if (!Number.isFinite(load) || load < 0) throw new RangeError('load must be a finite number >= 0');
  let b = 1;
  for (let k = 0; k <= maxServers; k++) {
    if (k > 0) b = (load * b) / (k + load * b);
    if (b <= maxBlocking) return k;
  }
  throw new RangeError(`more than ${maxServers} servers needed`);
}

export interface CapacityPlan {
  /** Mean beds in use if none were refused: arrivals per day × mean length of stay (Erlangs). */
  offeredLoad: number;
  bedsNeeded: number;
  /** Share of arrivals that would find every bed full with bedsNeeded beds. */
  refusalRate: number;
  /** Mean share of the beds occupied: carried load / beds. */
  expectedOccupancy: number;
}

export function capacityPlan(arrivalsPerWeek: number, meanLengthOfStayDays: number, maxRefusalRate: number): CapacityPlan {
  if (!(arrivalsPerWeek > 0) || !(meanLengthOfStayDays > 0)) throw new RangeError('arrivals and length of stay must be positive');
  const offeredLoad = (arrivalsPerWeek / 7) * meanLengthOfStayDays;
  const bedsNeeded = serversNeeded(offeredLoad, maxRefusalRate);
  const refusalRate = erlangB(bedsNeeded, offeredLoad);
  return {
    offeredLoad,
    bedsNeeded,
    refusalRate,
    expectedOccupancy: bedsNeeded === 0 ? 0 : (offeredLoad * (1 - refusalRate)) / bedsNeeded,
  };
}
