import { TestApp, createTestApp } from '../support/app';
import { BedSweeper } from '../../src/modules/beds/bed-sweeper';
import { addBeds, as, bedTokens, bedWorld, createUnit, idleBedsWithEligibleWaiting, requestBed, seedHistory, turnOver } from './beds-fixtures';

describe('beds: the allocator through the API', () => {
  let t: TestApp;
  let tok: Awaited<ReturnType<typeof bedTokens>>;
  beforeAll(async () => {
    t = await createTestApp({ BEDS_SWEEP_INTERVAL_SECONDS: '0' });
    tok = await bedTokens(t);
  });
  beforeEach(async () => {
    await t.truncate();
    await bedWorld(t);
  });
  afterAll(() => t.close());

  /** One bed, occupied by a step-up admission; history 4 step-down : 5 step-up, so step-down is under target. */
  async function unitBelowTarget() {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    await seedHistory(t, unit.id, bed.id, [
      { direction: 'step_down', admittedDaysAgo: 20, lengthOfStayDays: 1, count: 4 },
      { direction: 'step_up', admittedDaysAgo: 10, lengthOfStayDays: 1, count: 5 },
    ]);
    const occupant = await requestBed(t, tok.idt, { direction: 'step_up' });
    const stayId = occupant.res.body.stay.id;
    await as(t, tok.manager).post(`/bed-stays/${stayId}/admit`, {}).expect(200);
    return { unit, bed, stayId };
  }

  it('gives the freed bed to the direction below its share of the target, even over a longer wait', async () => {
    const { unit, bed, stayId } = await unitBelowTarget();
    const up = await requestBed(t, tok.idt, { direction: 'step_up' });
    const down = await requestBed(t, tok.idt, { direction: 'step_down' });
    expect([up.res.body.status, down.res.body.status]).toEqual(['waiting', 'waiting']);
    const ready = await turnOver(t, tok.manager, stayId, bed.id);
    expect(ready.stay.requestId).toBe(down.res.body.id);
    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision).toMatchObject({
      requestId: down.res.body.id,
      direction: 'step_down',
      reason: 'under_target_direction',
      stepDownShareBefore: 0.4,
      underTargetDirection: 'step_down',
      underTargetDirectionWaiting: true,
      eligibleWaiting: { stepDown: 1, stepUp: 1 },
      trigger: 'bed_ready',
    });
  });

  it('puts a request waiting beyond 48 hours first within its priority, whatever the mix', async () => {
    const { unit, bed, stayId } = await unitBelowTarget();
    const up = await requestBed(t, tok.idt, { direction: 'step_up' });
    const down = await requestBed(t, tok.idt, { direction: 'step_down', priority: 'routine' });
    await t.db.query(`UPDATE bed_requests SET requested_at = now() - interval '49 hours' WHERE id = $1`, [up.res.body.id]);
    const ready = await turnOver(t, tok.manager, stayId, bed.id);
    expect(ready.stay.requestId).toBe(up.res.body.id);
    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision).toMatchObject({ reason: 'waited_beyond_limit', underTargetDirection: 'step_down', underTargetDirectionWaiting: true });
    expect(decision.waitedHours).toBeGreaterThanOrEqual(49);
    expect((await as(t, tok.idt).get(`/bed-requests/${down.res.body.id}`).expect(200)).body.status).toBe('waiting');
  });

  it('logs a miss caused by demand: the under-target direction had nobody waiting', async () => {
    const { unit, bed, stayId } = await unitBelowTarget();
    const up = await requestBed(t, tok.idt, { direction: 'step_up' });
    await turnOver(t, tok.manager, stayId, bed.id);
    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision).toMatchObject({ requestId: up.res.body.id, direction: 'step_up', underTargetDirection: 'step_down', underTargetDirectionWaiting: false });
  });

  it('only offers beds that cover the needs, plainest first, and never leaves a bed idle while someone eligible waits', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bariatric] = await addBeds(t, tok.manager, unit.id, 1, ['bariatric', 'nursing'], 'X');
    const [plain] = await addBeds(t, tok.manager, unit.id, 1, [], 'P');
    const r1 = await requestBed(t, tok.idt);
    expect(r1.res.body.stay.bedId).toBe(plain.id);
    const r2 = await requestBed(t, tok.idt, { needs: ['bariatric'] });
    expect(r2.res.body.stay.bedId).toBe(bariatric.id);
    const r3 = await requestBed(t, tok.idt, { needs: ['bariatric'] });
    const r4 = await requestBed(t, tok.idt);
    expect([r3.res.body.status, r4.res.body.status]).toEqual(['waiting', 'waiting']);
    await as(t, tok.manager).post(`/bed-stays/${r1.res.body.stay.id}/admit`, {}).expect(200);
    const ready = await turnOver(t, tok.manager, r1.res.body.stay.id, plain.id);
    expect(ready.stay.requestId).toBe(r4.res.body.id);
    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision).toMatchObject({ reason: 'only_eligible_request', ineligibleWaiting: 1 });
    expect(await idleBedsWithEligibleWaiting(t)).toBe(0);
  });

  it('prefers a free bed in the preferred locality', async () => {
    const dover = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, dover.id, 1, [], 'A');
    const folkestone = await createUnit(t, tok.manager, { name: 'Hythe Bay Unit', locality: 'Shepway/Folkestone', teamCode: 'BEDS-SF' });
    const [sfBed] = await addBeds(t, tok.manager, folkestone.id, 1, ['nursing'], 'Z');
    const r = await requestBed(t, tok.idt, { preferredLocality: 'Shepway/Folkestone' });
    expect(r.res.body.stay).toMatchObject({ bedId: sfBed.id, unitId: folkestone.id });
  });

  it('offers the bed once the earliest date passes (periodic sweep), counting the idle hours while someone waited', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    await t.db.query(`UPDATE beds SET free_since = now() - interval '3 hours' WHERE id = $1`, [bed.id]);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const r = await requestBed(t, tok.idt, { earliestAt: later });
    expect(r.res.body).toMatchObject({ status: 'waiting', earliestAt: later });
    expect((await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body.idleBedHoursWhileWaiting).toBe(0);

    // the date passes while nothing happens: the bed stands idle while an eligible request waits
    await t.db.query(`UPDATE bed_requests SET requested_at = now() - interval '1 day', earliest_at = now() - interval '2 hours' WHERE id = $1`, [r.res.body.id]);
    const idle = (await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body.idleBedHoursWhileWaiting;
    expect(idle).toBeGreaterThanOrEqual(1.99);
    expect(idle).toBeLessThan(2.1);

    expect(await t.app.get(BedSweeper).sweep()).toMatchObject({ offers: 1 });
    expect((await as(t, tok.idt).get(`/bed-requests/${r.res.body.id}`).expect(200)).body.status).toBe('offered');
    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision.trigger).toBe('sweep');
    expect(decision.idleBedHoursWhileWaiting).toBeGreaterThanOrEqual(1.99);
    const after = (await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body.idleBedHoursWhileWaiting;
    expect(after).toBeCloseTo(decision.idleBedHoursWhileWaiting, 1);
    expect(await t.app.get(BedSweeper).sweep()).toMatchObject({ offers: 0 });
  });
});
