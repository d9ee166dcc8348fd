import { SMALL_NUMBER_LIMIT } from './small-numbers';

/**
 * Secondary suppression for a group of counts published with their total (a breakdown and its
 * sum). Primary suppression hides counts of 1-4 as "<5"; on its own that leaks: total minus the
 * shown cells gives a single hidden cell back, and two hidden cells whose remainder is 2 must both
 * be 1. So more cells are hidden (as "*", the smallest first) until no hidden cell's value follows
 * from the total, the shown cells and what a reader knows of hidden ones ("<5" is 1-4; "*" is at
 * least 5); when no cell is left to hide, the total is hidden as "*".
 */
export type DisclosedCount = number | '<5' | '*';

export interface DisclosedGroup {
  cells: DisclosedCount[];
  total: DisclosedCount;
}

interface Bounds {
  lo: number;
  hi: number;
}

function bounds(c: DisclosedCount, remainder: number): Bounds {
  return c === '<5' ? { lo: 1, hi: SMALL_NUMBER_LIMIT - 1 } : { lo: SMALL_NUMBER_LIMIT, hi: remainder };
}

/**
 * True when some hidden cell's value is pinned down: its feasible range, given the remainder
 * (total minus shown cells) and the other hidden cells' bounds, is a single value.
 */
export function someHiddenCellDetermined(cells: DisclosedCount[], total: number): boolean {
  const shown = cells.reduce<number>((s, c) => s + (typeof c === 'number' ? c : 0), 0);
  const remainder = total - shown;
  const hidden = cells.filter((c) => typeof c !== 'number').map((c) => bounds(c, remainder));
  if (hidden.length === 0) return false;
  const sumLo = hidden.reduce((s, b) => s + b.lo, 0);
  const sumHi = hidden.reduce((s, b) => s + b.hi, 0);
  return hidden.some((b) => {
    const lo = Math.max(b.lo, remainder - (sumHi - b.hi));
    const hi = Math.min(b.hi, remainder - (sumLo - b.lo));
    return lo >= hi;
  });
}

export function discloseGroup(values: readonly number[]): DisclosedGroup {
  const total = values.reduce((s, v) => s + v, 0);
  const cells: DisclosedCount[] = values.map((v) => (v > 0 && v < SMALL_NUMBER_LIMIT ? '<5' : v));
  // A small total is itself hidden: there is no exact sum to subtract from.
  if (total > 0 && total < SMALL_NUMBER_LIMIT) return { cells, total: '<5' };
  while (someHiddenCellDetermined(cells, total)) {
    let next = -1;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (typeof c === 'number' && c > 0 && (next < 0 || c < (cells[next] as number))) next = i;
    }
    if (next < 0) return { cells, total: '*' };
    cells[next] = '*';
  }
  return { cells, total };
}
