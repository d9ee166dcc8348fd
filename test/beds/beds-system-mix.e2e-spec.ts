import { TestApp, createTestApp } from '../support/app';
import { BED_TEAM_SF, addBeds, as, bedTokens, bedWorld, createUnit, requestBed, seedHistory, turnOver } from './beds-fixtures';

/** Issue 16: the mix across units weighted by beds, and the admissions / bed-days basis. */
describe('beds: system-wide mix and the basis of the target', () => {
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

  it('weights each unit by its beds: not a plain average of unit shares, not pooled admissions', async () => {
    const big = await createUnit(t, tok.manager, { name: 'A big unit' });
    const bigBeds = await addBeds(t, tok.manager, big.id, 3);
    await seedHistory(t, big.id, bigBeds[0].id, [
      { direction: 'step_down', admittedDaysAgo: 10, lengthOfStayDays: 1, count: 8 },
      { direction: 'step_up', admittedDaysAgo: 10, lengthOfStayDays: 1, count: 2 },
    ]);
    const small = await createUnit(t, tok.manager, { name: 'B small unit' });
    const [smallBed] = await addBeds(t, tok.manager, small.id, 1);
    await seedHistory(t, small.id, smallBed.id, [
      { direction: 'step_down', admittedDaysAgo: 10, lengthOfStayDays: 1, count: 4 },
      { direction: 'step_up', admittedDaysAgo: 10, lengthOfStayDays: 1, count: 16 },
    ]);
    const elsewhere = await createUnit(t, tok.manager, { name: 'C Folkestone', locality: 'Shepway/Folkestone', teamCode: BED_TEAM_SF });
    await addBeds(t, tok.manager, elsewhere.id, 5);

    const mix = (await as(t, tok.commissioner).get('/bed-units/mix?locality=Dover%2FDeal').expect(200)).body;
    // by beds (3·0.8 + 1·0.2) / 4 = 0.65; a plain average would be 0.5, pooled admissions 12/30 = 0.4
    expect(mix).toMatchObject({ weighting: 'beds', beds: 4, admissions: 30, stepDownShare: 0.65, target: 0.6, locality: 'Dover/Deal' });
    expect(mix.units.map((u: { name: string; stepDownShare: number; beds: number }) => [u.name, u.stepDownShare, u.beds])).toEqual([
      ['A big unit', 0.8, 3],
      ['B small unit', 0.2, 1],
    ]);
    const half = 3 * Math.sqrt(0.75 ** 2 * (0.24 / 10) + 0.25 ** 2 * (0.24 / 20));
    expect(mix.lowerLimit).toBeCloseTo(0.6 - half, 3);
    expect(mix.upperLimit).toBeCloseTo(0.6 + half, 3);
    expect(mix.status).toBe('on_target');

    // every locality: the empty Folkestone unit has no admissions and does not count in the share
    const all = (await as(t, tok.commissioner).get('/bed-units/mix').expect(200)).body;
    expect(all).toMatchObject({ beds: 9, stepDownShare: 0.65 });
    // the commissioner metrics carry the same figure beside the pooled share
    const metrics = (await as(t, tok.commissioner).get('/metrics').expect(200)).body;
    const measure = (id: string) => metrics.measures.find((x: { id: string }) => x.id === id);
    expect(measure('beds.step_down_share_by_beds')).toMatchObject({ value: 0.65, target: 0.6 });
    expect(measure('beds.step_down_share')).toMatchObject({ numerator: 12, denominator: 30, value: 0.4 });
    await as(t, tok.commissioner).get('/bed-units/mix?windowDays=0').expect(400);
    await as(t, tok.auditor).get('/bed-units/mix').expect(403);
  });

  it('judges a unit on bed-days when it says so: 60/40 of admissions is not 60/40 of capacity', async () => {
    const unit = await createUnit(t, tok.manager, { mixBasis: 'bed_days' });
    expect(unit).toMatchObject({ mixBasis: 'bed_days' });
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    await seedHistory(t, unit.id, bed.id, [
      { direction: 'step_down', admittedDaysAgo: 27, lengthOfStayDays: 3, count: 6 },
      { direction: 'step_up', admittedDaysAgo: 5, lengthOfStayDays: 1, count: 4 },
    ]);
    const mix = (await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body;
    expect(mix).toMatchObject({ basis: 'bed_days', stepDownShareOfAdmissions: 0.6, stepDownShareOfBedDays: 0.8182, stepDownShare: 0.8182 });
    await as(t, tok.manager).post('/bed-units', { name: 'X', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal', mixBasis: 'beds' }).expect(400);
  });

  it.each([
    ['admissions', 'step_down'],
    ['bed_days', 'step_up'],
  ])('steers on the unit basis (%s): the same history gives the freed bed to %s', async (mixBasis, winner) => {
    const unit = await createUnit(t, tok.manager, { mixBasis });
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    // 6 step-down stays of 3 days, 4 step-up stays of 1 day, then a step-up occupant:
    // admissions 6:5 (step-down under 60%), bed-days 18:4 (step-up under 40%)
    await seedHistory(t, unit.id, bed.id, [
      { direction: 'step_down', admittedDaysAgo: 27, lengthOfStayDays: 3, count: 6 },
      { direction: 'step_up', admittedDaysAgo: 5, lengthOfStayDays: 1, count: 4 },
    ]);
    const occupant = await requestBed(t, tok.idt, { direction: 'step_up' });
    await as(t, tok.manager).post(`/bed-stays/${occupant.res.body.stay.id}/admit`, {}).expect(200);
    const down = await requestBed(t, tok.idt, { direction: 'step_down' });
    const up = await requestBed(t, tok.idt, { direction: 'step_up' });
    const ready = await turnOver(t, tok.manager, occupant.res.body.stay.id, bed.id);
    expect(ready.stay.requestId).toBe(winner === 'step_down' ? down.res.body.id : up.res.body.id);
    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision).toMatchObject({ reason: 'under_target_direction', underTargetDirection: winner });
  });
});
