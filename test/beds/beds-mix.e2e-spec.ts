import { capacityPlan } from '../../src/modules/beds/domain/erlang';
import { BedSweeper } from '../../src/modules/beds/bed-sweeper';
import { TestApp, createTestApp } from '../support/app';
import { BED_TEAM, addBeds, as, bedTokens, bedWorld, createUnit, requestBed, seedHistory } from './beds-fixtures';

describe('beds: the mix against 60/40 and the capacity plan', () => {
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

  it('reports admissions and bed-days by direction over the window, the share against its control limits, and occupancy', async () => {
    const unit = await createUnit(t, tok.manager);
    const beds = await addBeds(t, tok.manager, unit.id, 4);
    await t.db.query(`UPDATE beds SET created_at = now() - interval '90 days' WHERE unit_id = $1`, [unit.id]);
    await seedHistory(t, unit.id, beds[0].id, [
      { direction: 'step_down', admittedDaysAgo: 10, lengthOfStayDays: 5, count: 10 },
      { direction: 'step_up', admittedDaysAgo: 20, lengthOfStayDays: 2, count: 10 },
      // admitted before the window, discharged 8 days into it
      { direction: 'step_down', admittedDaysAgo: 40, lengthOfStayDays: 20, count: 2 },
    ]);
    const mix = (await as(t, tok.commissioner).get(`/bed-units/${unit.id}/mix`).expect(200)).body;
    const half = 3 * Math.sqrt((0.6 * 0.4) / 20);
    expect(mix).toMatchObject({
      unitId: unit.id,
      windowDays: 28,
      stepDown: { admissions: 10, bedDays: 66 },
      stepUp: { admissions: 10, bedDays: 20 },
      stepDownShare: 0.5,
      target: 0.6,
      status: 'on_target',
      judged: true,
      idleBedHoursWhileWaiting: 0,
      beds: { total: 4, available: 4 },
    });
    expect(mix.stepDownShareOfBedDays).toBeCloseTo(66 / 86, 4);
    expect(mix.lowerLimit).toBeCloseTo(0.6 - half, 4);
    expect(mix.upperLimit).toBeCloseTo(0.6 + half, 4);
    expect(mix.occupancy).toBeCloseTo(86 / (4 * 28), 3);

    const wide = (await as(t, tok.commissioner).get(`/bed-units/${unit.id}/mix?windowDays=60`).expect(200)).body;
    expect(wide).toMatchObject({ windowDays: 60, stepDown: { admissions: 12, bedDays: 90 }, stepUp: { admissions: 10 } });
    await as(t, tok.commissioner).get(`/bed-units/${unit.id}/mix?windowDays=0`).expect(400);
  });

  it('raises one bed_mix_drift alert per excursion outside the control limits', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    await seedHistory(t, unit.id, bed.id, [{ direction: 'step_up', admittedDaysAgo: 5, lengthOfStayDays: 1, count: 20 }]);
    const driftAlerts = async () =>
      (await as(t, tok.manager).get('/alerts').expect(200)).body.items.filter((a: { type: string }) => a.type === 'bed_mix_drift');

    // an admission re-judges the mix: 0 of 21 step-down is below the lower limit
    const first = await requestBed(t, tok.idt, { direction: 'step_up' });
    await as(t, tok.manager).post(`/bed-stays/${first.res.body.stay.id}/admit`, {}).expect(200);
    const alerts = await driftAlerts();
    expect(alerts).toEqual([
      expect.objectContaining({ teamCode: BED_TEAM, nhsNumber: null, detail: expect.objectContaining({ unitId: unit.id, status: 'below', stepDownShare: 0, target: 0.6 }) }),
    ]);
    expect((await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body.status).toBe('below');

    // still outside: no second alert, however often it is checked
    const sweeper = t.app.get(BedSweeper);
    expect((await sweeper.sweep()).driftAlerts).toBe(0);
    expect(await driftAlerts()).toHaveLength(1);

    // back inside the limits, then out again: a new excursion, a new alert
    await seedHistory(t, unit.id, bed.id, [{ direction: 'step_down', admittedDaysAgo: 3, lengthOfStayDays: 1, count: 32 }]);
    expect((await sweeper.sweep()).driftAlerts).toBe(0);
    expect((await as(t, tok.manager).get(`/bed-units/${unit.id}`).expect(200)).body.mixStatus).toBe('on_target');
    await seedHistory(t, unit.id, bed.id, [{ direction: 'step_down', admittedDaysAgo: 2, lengthOfStayDays: 1, count: 60 }]);
    expect((await sweeper.sweep()).driftAlerts).toBe(1);
    const after = await driftAlerts();
    expect(after).toHaveLength(2);
    expect(after[0].detail).toMatchObject({ status: 'above' });
  });

  it('does not judge a unit with too few admissions', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    await seedHistory(t, unit.id, bed.id, [{ direction: 'step_up', admittedDaysAgo: 5, lengthOfStayDays: 1, count: 3 }]);
    const mix = (await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body;
    expect(mix).toMatchObject({ stepDownShare: 0, status: 'on_target', judged: false });
    expect((await t.app.get(BedSweeper).sweep()).driftAlerts).toBe(0);
  });

  it('sizes a bed pool with the Erlang loss model', async () => {
    const res = await as(t, tok.commissioner).get('/bed-units/capacity-plan?arrivalsPerWeek=35&meanLengthOfStayDays=14&maxRefusalRate=0.05').expect(200);
    const expected = capacityPlan(35, 14, 0.05);
    expect(res.body).toMatchObject({ model: 'erlang_b', offeredLoad: 70, bedsNeeded: expected.bedsNeeded });
    expect(res.body.refusalRate).toBeCloseTo(expected.refusalRate, 6);
    expect(res.body.refusalRate).toBeLessThanOrEqual(0.05);
    expect(res.body.expectedOccupancy).toBeCloseTo(expected.expectedOccupancy, 4);
    for (const q of ['arrivalsPerWeek=35&meanLengthOfStayDays=14&maxRefusalRate=1', 'arrivalsPerWeek=35&meanLengthOfStayDays=14', 'arrivalsPerWeek=x&meanLengthOfStayDays=14&maxRefusalRate=0.1']) {
      const bad = await as(t, tok.commissioner).get(`/bed-units/capacity-plan?${q}`).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
  });
});
