import fc from 'fast-check';
import { capacityPlan, erlangB, serversNeeded } from './erlang';

describe('Erlang B', () => {
  it('matches closed forms for small cases', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    // B(10, 5) = (5^10/10!) / sum_{k<=10} 5^k/k!
    let sum = 0;
    let term = 1;
    for (let k = 0; k <= 10; k++) {
      if (k > 0) term = (term * 5) / k;
      sum += term;
    }
    expect(erlangB(10, 5)).toBeCloseTo(term / sum, 12);
  });

  // Published Erlang B traffic table: the load (Erlangs, rounded to 2 decimals) at which N servers
  // block with probability P. So the exact load lies within ±0.005 of the table's figure.
  it.each([
    [5, 0.01, 1.36],
    [10, 0.01, 4.46],
    [10, 0.02, 5.08],
    [10, 0.05, 6.22],
    [20, 0.01, 12.03],
    [20, 0.05, 15.25],
    [50, 0.01, 37.9],
    [100, 0.01, 84.06],
  ])('agrees with the published table: N=%i at P=%f carries %f Erlangs', (n, p, load) => {
    expect(erlangB(n, load - 0.005)).toBeLessThanOrEqual(p);
    expect(erlangB(n, load + 0.005)).toBeGreaterThanOrEqual(p);
    expect(serversNeeded(load - 0.005, p)).toBe(n);
    expect(serversNeeded(load + 0.1, p)).toBe(n + 1);
  });

  it('stays finite and in [0, 1] for thousands of beds (no factorials)', () => {
    const b = erlangB(10_000, 9_500);
    expect(Number.isFinite(b)).toBe(true);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(0.001);
    expect(erlangB(5_000, 20_000)).toBeCloseTo(0.75, 2);
  });

  it('blocking falls with more beds and rises with more load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0.01, max: 300, noNaN: true }), (c, a) => {
        const b = erlangB(c, a);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1);
        expect(erlangB(c + 1, a)).toBeLessThanOrEqual(b);
        expect(erlangB(c, a * 1.1)).toBeGreaterThanOrEqual(b);
      }),
    );
  });

  it('serversNeeded is the smallest pool meeting the target', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 200, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (a, p) => {
        const c = serversNeeded(a, p);
        expect(erlangB(c, a)).toBeLessThanOrEqual(p);
        if (c > 0) expect(erlangB(c - 1, a)).toBeGreaterThan(p);
      }),
    );
  });

  it('sizes a pool: 35 arrivals a week staying 14 days on average at 5% refusal', () => {
    const plan = capacityPlan(35, 14, 0.05);
    expect(plan.offeredLoad).toBeCloseTo(70, 10);
    expect(plan.bedsNeeded).toBe(serversNeeded(70, 0.05));
    expect(plan.refusalRate).toBeLessThanOrEqual(0.05);
    expect(plan.expectedOccupancy).toBeCloseTo((70 * (1 - plan.refusalRate)) / plan.bedsNeeded, 12);
    expect(plan.expectedOccupancy).toBeGreaterThan(0.85);
    expect(plan.expectedOccupancy).toBeLessThan(1);
  });

  it('rejects impossible inputs', () => {
    expect(() => erlangB(-1, 1)).toThrow(RangeError);
    expect(() => erlangB(2.5, 1)).toThrow(RangeError);
    expect(() => serversNeeded(1, 0)).toThrow(RangeError);
    expect(() => serversNeeded(1, 1)).toThrow(RangeError);
    expect(() => capacityPlan(0, 10, 0.1)).toThrow(RangeError);
  });
});
