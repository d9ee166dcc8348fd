import fc from 'fast-check';
import { DisclosedCount, discloseGroup, someHiddenCellDetermined } from './secondary-suppression';

/**
 * What a reader could work out: every vector of hidden values consistent with the published group
 * ("<5" is 1-4, "*" is 5 or more, shown cells and an exact total add up). Brute force over small values.
 */
function consistentValues(cells: DisclosedCount[], total: number, cap: number): number[][] {
  const hidden = cells.map((c, i) => [c, i] as const).filter(([c]) => typeof c !== 'number');
  const shown = cells.reduce<number>((s, c) => s + (typeof c === 'number' ? c : 0), 0);
  const out: number[][] = hidden.map(() => []);
  const walk = (k: number, acc: number[]) => {
    if (k === hidden.length) {
      if (acc.reduce((s, v) => s + v, 0) + shown === total) {
        for (const [j, v] of acc.entries()) out[j].push(v);
      }
      return;
    }
    const [c] = hidden[k];
    const [lo, hi] = c === '<5' ? [1, 4] : [5, cap];
    for (let v = lo; v <= hi; v++) walk(k + 1, [...acc, v]);
  };
  walk(0, []);
  return out;
}

describe('secondary suppression', () => {
  it('hides the next smallest cell when one hidden cell could be worked out from the total', () => {
    expect(discloseGroup([3, 10, 20])).toEqual({ cells: ['<5', '*', 20], total: 33 });
    expect(discloseGroup([3, 2, 20])).toEqual({ cells: ['<5', '<5', 20], total: 25 });
    // Two hidden cells that must both be 1 (remainder 2): a third is hidden.
    expect(discloseGroup([1, 1, 7, 9])).toEqual({ cells: ['<5', '<5', '*', 9], total: 18 });
    expect(discloseGroup([0, 6, 7])).toEqual({ cells: [0, 6, 7], total: 13 });
    expect(discloseGroup([2, 0, 0])).toEqual({ cells: ['<5', 0, 0], total: '<5' });
    // A hidden 4 beside a shown 10: hiding the 10 as well leaves both ranges open (1-4 and 10-13).
    expect(discloseGroup([4, 0, 10])).toEqual({ cells: ['<5', 0, '*'], total: 14 });
    // Five hidden cells adding up to 5 must all be 1, and nothing is left to hide: the total goes.
    expect(discloseGroup([1, 1, 1, 1, 1, 0])).toEqual({ cells: ['<5', '<5', '<5', '<5', '<5', 0], total: '*' });
  });

  it('property: no hidden cell is recoverable from the total and the shown cells', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 5 }), (values) => {
        const { cells, total } = discloseGroup(values);
        const sum = values.reduce((s, v) => s + v, 0);
        // Shown cells are the true values; hidden ones are non-zero and marked by what they are.
        cells.forEach((c, i) => {
          if (typeof c === 'number') expect(c).toBe(values[i]);
          else if (c === '<5') expect(values[i]).toBeGreaterThanOrEqual(1);
          else expect(values[i]).toBeGreaterThanOrEqual(5);
        });
        if (typeof total !== 'number') return; // no exact total published: nothing to subtract from
        expect(total).toBe(sum);
        for (const options of consistentValues(cells, total, sum)) expect(new Set(options).size).toBeGreaterThan(1);
        expect(someHiddenCellDetermined(cells, total)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
