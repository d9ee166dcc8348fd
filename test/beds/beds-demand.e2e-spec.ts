import { BedSweeper } from '../../src/modules/beds/bed-sweeper';
import { capacityPlan } from '../../src/modules/beds/domain/erlang';
import { TestApp, createTestApp } from '../support/app';
import { createOrganisation } from '../support/factories';
import { addBeds, as, bedTokens, bedWorld, createUnit, requestBed, seedHistory } from './beds-fixtures';

/** Issue 16: unmet demand per week and direction, and capacity planned from observed history. */
describe('beds: unmet demand and capacity from history', () => {
  let t: TestApp;
  let tok: Awaited<ReturnType<typeof bedTokens>>;
  beforeAll(async () => {
    t = await createTestApp({ BEDS_SWEEP_INTERVAL_SECONDS: '0' });
    tok = await bedTokens(t);
  });
  beforeEach(async () => {
    await t.truncate();
    await bedWorld(t);
    await createOrganisation(t, { odsCode: 'RACUTE', type: 'acute_trust' });
  });
  afterAll(() => t.close());

  it('counts requests closed without a bed per week and direction: expired and admitted to hospital first', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 1);
    const occupant = await requestBed(t, tok.idt, { direction: 'step_down' });
    await as(t, tok.manager).post(`/bed-stays/${occupant.res.body.stay.id}/admit`, {}).expect(200);
    const expiring = await requestBed(t, tok.idt, { direction: 'step_up' });
    await t.db.query(`UPDATE bed_requests SET requested_at = now() - interval '30 hours' WHERE id = $1`, [expiring.res.body.id]);
    await t.app.get(BedSweeper).sweep();
    const overtaken = await requestBed(t, tok.idt, { direction: 'step_up' });
    await as(t, tok.idt).post('/admissions', { nhsNumber: overtaken.nhsNumber, hospitalOds: 'RACUTE', method: 'emergency', admittedAt: new Date().toISOString() }).expect(201);
    // a request cancelled by a person is not unmet demand
    const cancelled = await requestBed(t, tok.idt, { direction: 'step_up' });
    await as(t, tok.idt).post(`/bed-requests/${cancelled.res.body.id}/cancel`, { reason: 'no longer needed' }).expect(200);

    const res = (await as(t, tok.commissioner).get('/bed-units/unmet-demand?weeks=2').expect(200)).body;
    expect(res.items).toHaveLength(4);
    const [thisWeekDown, thisWeekUp, lastWeekDown] = res.items;
    expect(thisWeekDown).toMatchObject({ direction: 'step_down', total: 0 });
    expect(thisWeekUp).toMatchObject({ direction: 'step_up', expired: 1, admittedToHospital: 1, total: 2 });
    expect(lastWeekDown.total).toBe(0);
    expect(new Date(thisWeekUp.weekStart).getUTCDay()).toBe(1);
    await as(t, tok.commissioner).get('/bed-units/unmet-demand?weeks=0').expect(400);
  });

  it('counts requests refused on arrival (no bed could take them) as unmet demand, though the refusal changes nothing else', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 1);
    const refused = await requestBed(t, tok.idt, { direction: 'step_up', needs: ['bariatric'], priority: 'urgent' });
    expect(refused.res.status).toBe(409);
    expect(refused.res.body.code).toBe('CAPABILITY_MISMATCH');
    expect(await t.db.query('SELECT count(*)::int AS n FROM bed_requests')).toEqual([{ n: 0 }]);

    const res = (await as(t, tok.commissioner).get('/bed-units/unmet-demand?weeks=1').expect(200)).body;
    const [down, up] = res.items;
    expect(down).toMatchObject({ direction: 'step_down', refused: 0, total: 0 });
    expect(up).toMatchObject({ direction: 'step_up', refused: 1, expired: 0, admittedToHospital: 0, total: 1 });
    // No patient in the record of a refusal: counts only.
    expect(await t.db.query('SELECT direction, priority, needs, cause FROM bed_request_refusals')).toEqual([
      { direction: 'step_up', priority: 'urgent', needs: ['bariatric'], cause: 'no_capable_bed' },
    ]);
  });

  it('plans capacity from the last N weeks: observed arrivals per week and mean length of stay', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 2);
    // 12 stays of 10 days discharged inside the last 4 weeks (their 12 requests arrived in it too)
    await seedHistory(t, unit.id, bed.id, [{ direction: 'step_down', admittedDaysAgo: 20, lengthOfStayDays: 10, count: 12 }]);
    const res = (await as(t, tok.commissioner).get('/bed-units/capacity-plan?fromHistory=4w&maxRefusalRate=0.05').expect(200)).body;
    const expected = capacityPlan(3, 10, 0.05);
    expect(res).toMatchObject({ model: 'erlang_b', arrivalsPerWeek: 3, meanLengthOfStayDays: 10, bedsNeeded: expected.bedsNeeded });
    expect(res.fromHistory).toMatchObject({ weeks: 4, arrivals: 12, discharges: 12, unmet: 0, unmetRate: 0, bedsOpen: 2 });

    for (const q of ['fromHistory=12&maxRefusalRate=0.05', 'fromHistory=0w&maxRefusalRate=0.05', 'maxRefusalRate=0.05', 'fromHistory=4w']) {
      const bad = await as(t, tok.commissioner).get(`/bed-units/capacity-plan?${q}`).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    // nothing in the window to plan from
    await t.truncate();
    await bedWorld(t);
    expect((await as(t, tok.commissioner).get('/bed-units/capacity-plan?fromHistory=4w&maxRefusalRate=0.05').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
