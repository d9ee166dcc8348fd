import { ageOn, percentileOf, rankPractice, tierFor, tierShareBounds } from './tiers';

const p = (nhsNumber: string, score: number) => ({ nhsNumber, score });

describe('rankPractice', () => {
  it('ranks an empty practice to nothing', () => {
    expect(rankPractice([])).toEqual([]);
  });

  it('orders by score descending, then NHS number ascending, with competition ranks for ties', () => {
    const ranked = rankPractice([p('9990000026', 5), p('9990000018', 9), p('9990000042', 5), p('9990000034', 5), p('9990000050', 1)]);
    expect(ranked.map((r) => [r.item.nhsNumber, r.rank])).toEqual([
      ['9990000018', 1],
      ['9990000026', 2],
      ['9990000034', 2],
      ['9990000042', 2],
      ['9990000050', 5],
    ]);
    // Ties share a tier whatever the input order.
    const reversed = rankPractice([...ranked.map((r) => r.item)].reverse());
    expect(reversed.map((r) => r.item.nhsNumber)).toEqual(ranked.map((r) => r.item.nhsNumber));
    expect(new Set(ranked.filter((r) => r.item.score === 5).map((r) => r.tier)).size).toBe(1);
  });

  it('puts the top 0.5%, 0.5-2%, 2-5%, 5-20% and the rest of 1,000 patients in tiers 1-5', () => {
    const items = Array.from({ length: 1000 }, (_, i) => p(String(1_000_000_000 + i), 1000 - i));
    const counts = [1, 2, 3, 4, 5].map((t) => rankPractice(items).filter((r) => r.tier === t).length);
    expect(counts).toEqual([5, 15, 30, 150, 800]);
  });

  it('gives a single patient the whole practice (tier 5 by default)', () => {
    expect(rankPractice([p('9990000018', 3)])).toEqual([{ item: p('9990000018', 3), rank: 1, percentile: 100, tier: 5 }]);
  });
});

describe('tiers', () => {
  it('honours configured thresholds', () => {
    expect(tierFor(1, 10, [10, 50])).toBe(1);
    expect(tierFor(2, 10, [10, 50])).toBe(2);
    expect(tierFor(6, 10, [10, 50])).toBe(3);
  });

  it('keeps exact boundaries inside the tier (1 of 200 is the top 0.5%)', () => {
    expect(tierFor(1, 200)).toBe(1);
    expect(tierFor(2, 200)).toBe(2);
    expect(percentileOf(1, 200)).toBe(0.5);
  });

  it('gives the share bounds of each tier for the database filter', () => {
    expect(tierShareBounds(1)).toEqual({ above: -1, upTo: 0.5 });
    expect(tierShareBounds(3)).toEqual({ above: 2, upTo: 5 });
    expect(tierShareBounds(5)).toEqual({ above: 20, upTo: 100 });
    expect(tierShareBounds(6)).toBeNull();
  });

  it('computes age in whole years', () => {
    expect(ageOn('1940-12-10', new Date('2026-12-09T12:00:00Z'))).toBe(85);
    expect(ageOn('1940-12-10', new Date('2026-12-10T00:00:00Z'))).toBe(86);
  });
});
