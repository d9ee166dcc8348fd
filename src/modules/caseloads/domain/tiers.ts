/**
 * Risk tiers by percentile within the practice population (domain.md "Risk tiers"). Default
 * cumulative thresholds: top 0.5% (tier 1, intensive case management), 0.5-2% (tier 2), 2-5%
 * (tier 3), 5-20% (tier 4), the rest (tier 5). Configurable (RISK_TIER_THRESHOLDS).
 *
 * Ranking rule (documented, stable):
 * - order by score descending, then NHS number ascending (the tie-break: deterministic and stable
 *   across pages and requests, and independent of insertion order);
 * - `rank` is the competition rank ("1224"): patients with equal scores share a rank, the next
 *   distinct score's rank skips by the number tied, so ties always land in the same tier;
 * - `percentile` is the share of the practice's scored patients at or above this rank, in percent
 *   (rank / n * 100): the top patient of 1,000 is at 0.1;
 * - tier t is the first tier whose cumulative threshold covers the percentile (rank / n <= threshold).
 */
export const DEFAULT_TIER_THRESHOLDS_PERCENT: readonly number[] = [0.5, 2, 5, 20];

export interface Ranked<T> {
  item: T;
  rank: number;
  percentile: number;
  tier: number;
}

/** Percent of the practice at or above this rank, rounded to 4 decimal places. */
export function percentileOf(rank: number, n: number): number {
  if (n <= 0 || rank < 1) throw new RangeError('rank must be 1..n of a non-empty practice');
  return Math.round((rank / n) * 100 * 10_000) / 10_000;
}

/** Tier 1..thresholds.length+1 for a competition rank within n scored patients. */
export function tierFor(rank: number, n: number, thresholdsPercent: readonly number[] = DEFAULT_TIER_THRESHOLDS_PERCENT): number {
  const share = (rank / n) * 100;
  for (let i = 0; i < thresholdsPercent.length; i++) {
    // A tiny epsilon keeps 1/200 = 0.5% inside "top 0.5%" despite floating point.
    if (share <= thresholdsPercent[i] + 1e-9) return i + 1;
  }
  return thresholdsPercent.length + 1;
}

/**
 * The share-of-practice bounds (percent, exclusive lower, inclusive upper) of a tier, so the
 * database can filter a tier as `above < rank * 100 / n <= upTo`; null for a tier that does not exist.
 */
export function tierShareBounds(tier: number, thresholdsPercent: readonly number[] = DEFAULT_TIER_THRESHOLDS_PERCENT): { above: number; upTo: number } | null {
  if (!Number.isInteger(tier) || tier < 1 || tier > thresholdsPercent.length + 1) return null;
  return { above: tier === 1 ? -1 : thresholdsPercent[tier - 2], upTo: tier > thresholdsPercent.length ? 100 : thresholdsPercent[tier - 1] };
}

/** Whole years of age on a date (date of birth as YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age--;
  return age;
}

/** Ordering used everywhere: score descending, then NHS number ascending. */
export function compareForRanking(a: { score: number; nhsNumber: string }, b: { score: number; nhsNumber: string }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.nhsNumber < b.nhsNumber ? -1 : a.nhsNumber > b.nhsNumber ? 1 : 0;
}

/** Rank a practice: stable order, competition ranks, percentiles and tiers. An empty practice ranks to []. */
export function rankPractice<T extends { score: number; nhsNumber: string }>(items: readonly T[], thresholdsPercent: readonly number[] = DEFAULT_TIER_THRESHOLDS_PERCENT): Ranked<T>[] {
  const sorted = [...items].sort(compareForRanking);
  const n = sorted.length;
  const out: Ranked<T>[] = [];
  let rank = 0;
  sorted.forEach((item, i) => {
    if (i === 0 || item.score !== sorted[i - 1].score) rank = i + 1;
    out.push({ item, rank, percentile: percentileOf(rank, n), tier: tierFor(rank, n, thresholdsPercent) });
  });
  return out;
}
