import { suppressCount, suppressedShare } from './small-numbers';

describe('small-number suppression', () => {
  it('shows 0 and 5+, hides 1-4', () => {
    expect([0, 1, 4, 5, 120].map(suppressCount)).toEqual([0, '<5', '<5', 5, 120]);
  });
  it('withholds rates built on a suppressed count or an empty denominator', () => {
    expect(suppressedShare(3, 40)).toBeNull();
    expect(suppressedShare(10, 4)).toBeNull();
    expect(suppressedShare(0, 0)).toBeNull();
    expect(suppressedShare(0, 40)).toBe(0);
    expect(suppressedShare(10, 40)).toBe(0.25);
    expect(suppressedShare(1, 3 * 5)).toBeNull();
  });
});
