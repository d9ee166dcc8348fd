import fc from 'fast-check';
import { DEFAULT_POLICY, MixWindow, chooseNext, planAllocations, rankKey, underTargetDirection } from './allocation-policy';
import { BedRequestView, BedView, isEligible, waitingSince } from './eligibility';
import { CAPABILITIES, COMMUNITY_HOSPITAL_PURPOSES, Capability, DIRECTIONS, PRIORITIES, PURPOSES } from './types';

const NOW = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

function bed(overrides: Partial<BedView> = {}): BedView {
  return { id: 'b1', unitId: 'u1', label: 'B1', capabilities: [], allowedPurposes: null, locality: 'Dover/Deal', freeSince: NOW, ...overrides };
}

let seq = 0;
function req(overrides: Partial<BedRequestView> = {}): BedRequestView {
  seq++;
  return {
    id: `r${String(seq).padStart(3, '0')}`,
    direction: 'step_down',
    priority: 'routine',
    needs: [],
    purpose: null,
    requestedAt: hoursAgo(1),
    earliestAt: null,
    unitId: null,
    preferredLocality: null,
    excludedUnitIds: [],
    ...overrides,
  };
}

const onTarget: MixWindow = { target: 0.6, stepDown: 6, stepUp: 4 };
const stepDownLow: MixWindow = { target: 0.6, stepDown: 5, stepUp: 5 };
const stepDownHigh: MixWindow = { target: 0.6, stepDown: 7, stepUp: 3 };

describe('chooseNext: the allocation policy', () => {
  it('offers nothing when nobody eligible waits', () => {
    expect(chooseNext([], bed(), onTarget, NOW)).toBeNull();
    expect(chooseNext([req({ needs: ['bariatric'] })], bed({ capabilities: ['nursing'] }), onTarget, NOW)).toBeNull();
  });

  it('only offers a bed whose capabilities cover every need', () => {
    const bariatric = req({ needs: ['bariatric', 'nursing'], requestedAt: hoursAgo(40) });
    const plain = req({ requestedAt: hoursAgo(1) });
    expect(chooseNext([bariatric, plain], bed({ capabilities: ['bariatric'] }), onTarget, NOW)?.request).toBe(plain);
    expect(chooseNext([bariatric, plain], bed({ capabilities: ['bariatric', 'nursing'] }), onTarget, NOW)?.request).toBe(bariatric);
  });

  it('respects a unit restricted to some purposes (community hospitals)', () => {
    const hospital = bed({ allowedPurposes: COMMUNITY_HOSPITAL_PURPOSES });
    const reablement = req({ purpose: 'reablement', requestedAt: hoursAgo(30) });
    const noPurpose = req({ requestedAt: hoursAgo(20) });
    const respite = req({ purpose: 'carer_respite', requestedAt: hoursAgo(2) });
    const choice = chooseNext([reablement, noPurpose, respite], hospital, onTarget, NOW);
    expect(choice?.request).toBe(respite);
    expect(choice).toMatchObject({ reason: 'only_eligible_request', ineligibleWaiting: 2 });
  });

  it('does not offer before the earliest date, nor a unit the request declined, nor another unit than the one asked for', () => {
    expect(chooseNext([req({ earliestAt: new Date(NOW.getTime() + 60_000) })], bed(), onTarget, NOW)).toBeNull();
    expect(chooseNext([req({ excludedUnitIds: ['u1'] })], bed(), onTarget, NOW)).toBeNull();
    expect(chooseNext([req({ unitId: 'u2' })], bed(), onTarget, NOW)).toBeNull();
    expect(chooseNext([req({ unitId: 'u1' })], bed(), onTarget, NOW)).not.toBeNull();
  });

  it('prefers the direction below its share of the target, even over a longer wait', () => {
    const up = req({ direction: 'step_up', requestedAt: hoursAgo(30) });
    const down = req({ direction: 'step_down', requestedAt: hoursAgo(2) });
    const low = chooseNext([up, down], bed(), stepDownLow, NOW);
    expect(low).toMatchObject({ request: down, reason: 'under_target_direction', underTargetDirection: 'step_down', underTargetDirectionWaiting: true, stepDownShareBefore: 0.5 });
    const high = chooseNext([up, down], bed(), stepDownHigh, NOW);
    expect(high).toMatchObject({ request: up, reason: 'under_target_direction', underTargetDirection: 'step_up', stepDownShareBefore: 0.7 });
  });

  it('puts urgent before routine always: before the mix, before a longer wait, before the overdue rule', () => {
    const oldRoutine = req({ requestedAt: hoursAgo(30) });
    const urgent = req({ priority: 'urgent', requestedAt: hoursAgo(1) });
    expect(chooseNext([oldRoutine, urgent], bed(), onTarget, NOW)).toMatchObject({ request: urgent, reason: 'priority' });
    // the hazard: a routine step-down no longer jumps an urgent step-up when step-down is under target
    const urgentUp = req({ direction: 'step_up', priority: 'urgent', requestedAt: hoursAgo(1) });
    const routineDown = req({ direction: 'step_down', requestedAt: hoursAgo(20) });
    expect(chooseNext([routineDown, urgentUp], bed(), stepDownLow, NOW)).toMatchObject({
      request: urgentUp,
      reason: 'priority',
      underTargetDirection: 'step_down',
      underTargetDirectionWaiting: true,
      againstMixForPriority: true,
    });
    const overdueRoutine = req({ direction: 'step_up', requestedAt: hoursAgo(100) });
    expect(chooseNext([overdueRoutine, urgent], bed(), onTarget, NOW)).toMatchObject({ request: urgent, reason: 'priority' });
  });

  it('within a priority: the longest wait when nothing else separates them', () => {
    const oldRoutine = req({ requestedAt: hoursAgo(30) });
    const older = req({ requestedAt: hoursAgo(20) });
    expect(chooseNext([oldRoutine, older], bed(), onTarget, NOW)).toMatchObject({ request: oldRoutine, reason: 'longest_wait', againstMixForPriority: false });
  });

  it('within a priority, anyone waiting beyond 48 h first, whatever the mix', () => {
    const overdueUp = req({ direction: 'step_up', requestedAt: hoursAgo(49) });
    const routineDown = req({ direction: 'step_down', requestedAt: hoursAgo(47) });
    expect(chooseNext([routineDown, overdueUp], bed(), stepDownLow, NOW)).toMatchObject({ request: overdueUp, reason: 'waited_beyond_limit', againstMixForPriority: false });
    expect(chooseNext([routineDown, overdueUp], bed(), stepDownLow, NOW, { overdueHours: 72 })?.request).toBe(routineDown);
  });

  it('does not count a decision as against the mix for priority when the under-target direction had an equally urgent request', () => {
    const urgentDown = req({ direction: 'step_down', priority: 'urgent', requestedAt: hoursAgo(2) });
    const urgentUp = req({ direction: 'step_up', priority: 'urgent', requestedAt: hoursAgo(3) });
    expect(chooseNext([urgentDown, urgentUp], bed(), stepDownLow, NOW)).toMatchObject({ request: urgentDown, reason: 'under_target_direction', againstMixForPriority: false });
  });

  it('counts the wait from the earliest date when that is later than the request', () => {
    const r = req({ requestedAt: hoursAgo(100), earliestAt: hoursAgo(10) });
    expect(waitingSince(r)).toEqual(hoursAgo(10));
    expect(rankKey(r, null, NOW, DEFAULT_POLICY)[1]).toBe(1);
  });

  it('records whether the under-target direction had anyone eligible (a demand miss, not a policy miss)', () => {
    const up = req({ direction: 'step_up' });
    const downNeedingDementia = req({ direction: 'step_down', needs: ['dementia'] });
    const choice = chooseNext([up, downNeedingDementia], bed(), stepDownLow, NOW);
    expect(choice).toMatchObject({
      request: up,
      underTargetDirection: 'step_down',
      underTargetDirectionWaiting: false,
      eligibleWaiting: { stepDown: 0, stepUp: 1 },
      ineligibleWaiting: 1,
    });
  });

  it('has no direction preference with no history or exactly on target', () => {
    expect(underTargetDirection({ target: 0.6, stepDown: 0, stepUp: 0 })).toBeNull();
    expect(underTargetDirection(onTarget)).toBeNull();
    const choice = chooseNext([req({ direction: 'step_up', requestedAt: hoursAgo(5) }), req({ requestedAt: hoursAgo(1) })], bed(), onTarget, NOW);
    expect(choice).toMatchObject({ underTargetDirection: null, underTargetDirectionWaiting: null, reason: 'longest_wait' });
  });

  it('measures idle time of the bed while someone eligible waited', () => {
    const r = req({ requestedAt: hoursAgo(5) });
    expect(chooseNext([r], bed({ freeSince: hoursAgo(3) }), onTarget, NOW)?.idleWhileWaitingMs).toBe(3 * 3_600_000);
    expect(chooseNext([r], bed({ freeSince: hoursAgo(9) }), onTarget, NOW)?.idleWhileWaitingMs).toBe(5 * 3_600_000);
    expect(chooseNext([r], bed({ freeSince: NOW }), onTarget, NOW)?.idleWhileWaitingMs).toBe(0);
  });
});

describe('planAllocations: filling every free bed', () => {
  const mixes = new Map([
    ['u1', { ...onTarget }],
    ['u2', { ...onTarget }],
  ]);

  it('gives a plain need the plainest bed, keeping the specialist bed for who needs it', () => {
    const special = bed({ id: 'b-special', label: 'A', capabilities: ['bariatric', 'nursing'] });
    const plain = bed({ id: 'b-plain', label: 'Z', capabilities: [] });
    const out = planAllocations([special, plain], [req()], mixes, NOW);
    expect(out.map((a) => a.bed.id)).toEqual(['b-plain']);
  });

  it('honours a preferred locality when a bed there is free, and takes another bed when it is not', () => {
    const dover = bed({ id: 'b-dover', label: 'A', locality: 'Dover/Deal' });
    const folkestone = bed({ id: 'b-folk', unitId: 'u2', label: 'B', locality: 'Shepway/Folkestone' });
    const r = req({ preferredLocality: 'Shepway/Folkestone' });
    expect(planAllocations([dover, folkestone], [r], mixes, NOW).map((a) => a.bed.id)).toEqual(['b-folk']);
    expect(planAllocations([dover], [r], mixes, NOW).map((a) => a.bed.id)).toEqual(['b-dover']);
  });

  it('never lets a locality preference hand a bed to a less urgent request', () => {
    const dover = bed({ id: 'b-dover', label: 'A', locality: 'Dover/Deal' });
    const folkestone = bed({ id: 'b-folk', unitId: 'u2', label: 'B', locality: 'Shepway/Folkestone' });
    const u1 = req({ priority: 'urgent', preferredLocality: 'Shepway/Folkestone' });
    const u2 = req({ priority: 'urgent', preferredLocality: 'Shepway/Folkestone' });
    const routine = req({ requestedAt: hoursAgo(30) });
    const out = planAllocations([dover, folkestone], [routine, u1, u2], mixes, NOW);
    expect(out.map((a) => a.choice.request.priority).sort()).toEqual(['urgent', 'urgent']);
    // one urgent alone: it gets Folkestone, the routine request gets Dover
    const alone = planAllocations([dover, folkestone], [routine, u1], mixes, NOW);
    expect(alone.map((a) => [a.bed.id, a.choice.request.id]).sort()).toEqual([
      ['b-dover', routine.id],
      ['b-folk', u1.id],
    ]);
  });

  it('counts each assignment in the mix before the next one', () => {
    const beds = [bed({ id: 'b1', label: 'A' }), bed({ id: 'b2', label: 'B' })];
    const downs = [req({ requestedAt: hoursAgo(10) }), req({ requestedAt: hoursAgo(9) })];
    const ups = [req({ direction: 'step_up', requestedAt: hoursAgo(2) })];
    const out = planAllocations(beds, [...downs, ...ups], new Map([['u1', { target: 0.6, stepDown: 2, stepUp: 2 }]]), NOW);
    // 2/4 is below target: step-down first (3/5 = 0.6 on target), then the longest wait overall.
    expect(out.map((a) => [a.choice.request.direction, a.choice.reason])).toEqual([
      ['step_down', 'under_target_direction'],
      ['step_down', 'longest_wait'],
    ]);
  });
});

// ---- properties ----

const UNITS = ['u1', 'u2', 'u3'];
const LOCALITIES = ['Dover/Deal', 'Shepway/Folkestone'];
const capabilitiesArb = fc.subarray([...CAPABILITIES] as Capability[]);
const bedArb = (i: number) =>
  fc.record({
    id: fc.constant(`bed-${i}`),
    unitId: fc.constantFrom(...UNITS),
    label: fc.constant(`B${i}`),
    capabilities: capabilitiesArb,
    allowedPurposes: fc.option(fc.subarray([...PURPOSES]), { nil: null }),
    locality: fc.constantFrom(...LOCALITIES),
    freeSince: fc.option(fc.integer({ min: 0, max: 100 }).map(hoursAgo), { nil: null }),
  });
const requestArb = (i: number) =>
  fc.record({
    id: fc.constant(`req-${String(i).padStart(3, '0')}`),
    direction: fc.constantFrom(...DIRECTIONS),
    priority: fc.constantFrom(...PRIORITIES),
    needs: fc.subarray([...CAPABILITIES] as Capability[], { maxLength: 2 }),
    purpose: fc.option(fc.constantFrom(...PURPOSES), { nil: null }),
    requestedAt: fc.integer({ min: 0, max: 200 }).map(hoursAgo),
    earliestAt: fc.option(fc.integer({ min: -50, max: 50 }).map(hoursAgo), { nil: null }),
    unitId: fc.option(fc.constantFrom(...UNITS), { nil: null, freq: 4 }),
    preferredLocality: fc.option(fc.constantFrom(...LOCALITIES), { nil: null }),
    excludedUnitIds: fc.subarray(UNITS, { maxLength: 1 }),
  });
const listOf = <T>(arb: (i: number) => fc.Arbitrary<T>, max: number) =>
  fc.integer({ min: 0, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arb(i))));
const mixArb = fc.record({ target: fc.double({ min: 0, max: 1, noNaN: true }), stepDown: fc.nat(40), stepUp: fc.nat(40) });

describe('allocation properties (fast-check)', () => {
  const overdue = (r: BedRequestView) => NOW.getTime() - waitingSince(r).getTime() > 48 * 3_600_000;

  it('chooseNext never picks an ineligible request, and picks someone whenever anyone is eligible', () => {
    fc.assert(
      fc.property(bedArb(0), listOf(requestArb, 12), mixArb, (b, waiting, mix) => {
        const choice = chooseNext(waiting, b, mix, NOW);
        const eligible = waiting.filter((r) => isEligible(r, b, NOW));
        if (eligible.length === 0) return choice === null;
        if (!choice || !isEligible(choice.request, b, NOW)) return false;
        const under = underTargetDirection(mix);
        return choice.underTargetDirectionWaiting === (under === null ? null : eligible.some((r) => r.direction === under));
      }),
      { numRuns: 400 },
    );
  });

  it('an urgent request is never passed over for a routine one the same bed could take', () => {
    fc.assert(
      fc.property(bedArb(0), listOf(requestArb, 12), mixArb, (b, waiting, mix) => {
        const choice = chooseNext(waiting, b, mix, NOW);
        if (!choice || choice.request.priority === 'urgent') return true;
        return !waiting.some((r) => r.priority === 'urgent' && isEligible(r, b, NOW));
      }),
      { numRuns: 400 },
    );
  });

  it('among equals (same priority, same side of the overdue limit) the under-target direction wins, then the longest wait', () => {
    fc.assert(
      fc.property(bedArb(0), listOf(requestArb, 12), mixArb, (b, waiting, mix) => {
        const choice = chooseNext(waiting, b, mix, NOW);
        if (!choice) return true;
        const c = choice.request;
        const equals = waiting.filter((r) => isEligible(r, b, NOW) && r.priority === c.priority && overdue(r) === overdue(c));
        // within its priority, an overdue request is never passed over for one that is not
        if (!overdue(c) && waiting.some((r) => isEligible(r, b, NOW) && r.priority === c.priority && overdue(r))) return false;
        const under = underTargetDirection(mix);
        if (under && c.direction !== under && equals.some((r) => r.direction === under)) return false;
        const sameSide = equals.filter((r) => r.direction === c.direction);
        return sameSide.every((r) => waitingSince(r).getTime() >= waitingSince(c).getTime());
      }),
      { numRuns: 400 },
    );
  });

  it('against the mix for priority exactly when the under-target direction waited only at a lower priority', () => {
    fc.assert(
      fc.property(bedArb(0), listOf(requestArb, 12), mixArb, (b, waiting, mix) => {
        const choice = chooseNext(waiting, b, mix, NOW);
        if (!choice) return true;
        const under = underTargetDirection(mix);
        const underWaiting = waiting.filter((r) => isEligible(r, b, NOW) && r.direction === under);
        const expected =
          under !== null &&
          choice.request.direction !== under &&
          underWaiting.length > 0 &&
          choice.request.priority === 'urgent' &&
          underWaiting.every((r) => r.priority === 'routine');
        return choice.againstMixForPriority === expected;
      }),
      { numRuns: 400 },
    );
  });

  it('planAllocations never leaves an urgent request waiting while a routine one got a bed the urgent one could take', () => {
    fc.assert(
      fc.property(listOf(bedArb, 8), listOf(requestArb, 12), mixArb, (beds, waiting, mix) => {
        const mixes = new Map(UNITS.map((u) => [u, { ...mix }]));
        const out = planAllocations(beds, waiting, mixes, NOW);
        const placed = new Set(out.map((a) => a.choice.request.id));
        const urgentLeft = waiting.filter((r) => r.priority === 'urgent' && !placed.has(r.id));
        return out.every((a) => a.choice.request.priority === 'urgent' || !urgentLeft.some((u) => isEligible(u, a.bed, NOW)));
      }),
      { numRuns: 400 },
    );
  });

  it('planAllocations assigns only eligible pairs, each bed and request once, and leaves no free bed with an eligible request waiting', () => {
    fc.assert(
      fc.property(listOf(bedArb, 8), listOf(requestArb, 12), mixArb, (beds, waiting, mix) => {
        const mixes = new Map(UNITS.map((u) => [u, { ...mix }]));
        const out = planAllocations(beds, waiting, mixes, NOW);
        const usedBeds = new Set(out.map((a) => a.bed.id));
        const usedRequests = new Set(out.map((a) => a.choice.request.id));
        if (usedBeds.size !== out.length || usedRequests.size !== out.length) return false;
        if (!out.every((a) => isEligible(a.choice.request, a.bed, NOW))) return false;
        const freeLeft = beds.filter((b) => !usedBeds.has(b.id));
        const waitingLeft = waiting.filter((r) => !usedRequests.has(r.id));
        return freeLeft.every((b) => waitingLeft.every((r) => !isEligible(r, b, NOW)));
      }),
      { numRuns: 400 },
    );
  });
});
