import { TestApp, createTestApp } from '../support/app';
import { addBeds, as, bedTokens, bedWorld, createUnit, requestBed, seedHistory, turnOver } from './beds-fixtures';

/** Issue 16: clinical priority comes before the 60/40 mix, and the cost is shown honestly. */
describe('beds: clinical urgency first', () => {
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

  /** One bed, occupied; history 4 step-down : 5 step-up, so step-down is under the 60% target. */
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

  it('an urgent step-up is not passed over for a routine step-down, even when step-down is under target and has waited longer', async () => {
    const { unit, bed, stayId } = await unitBelowTarget();
    const down = await requestBed(t, tok.idt, { direction: 'step_down', priority: 'routine' });
    await t.db.query(`UPDATE bed_requests SET requested_at = now() - interval '47 hours' WHERE id = $1`, [down.res.body.id]);
    const up = await requestBed(t, tok.idt, { direction: 'step_up', priority: 'urgent' });
    const ready = await turnOver(t, tok.manager, stayId, bed.id);
    expect(ready.stay.requestId).toBe(up.res.body.id);

    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision).toMatchObject({
      event: 'offer',
      requestId: up.res.body.id,
      direction: 'step_up',
      reason: 'priority',
      underTargetDirection: 'step_down',
      underTargetDirectionWaiting: true,
      againstMixForPriority: true,
    });
    const mix = (await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body;
    // the occupant's offer (nobody else waited) and this one
    expect(mix.decisions).toEqual({ offers: 2, againstMixForPriority: 1 });
    expect((await as(t, tok.idt).get(`/bed-requests/${down.res.body.id}`).expect(200)).body.status).toBe('waiting');
  });

  it('an urgent request is placed before a routine one that is past the overdue limit', async () => {
    const { bed, stayId } = await unitBelowTarget();
    const overdue = await requestBed(t, tok.idt, { direction: 'step_down' });
    await t.db.query(`UPDATE bed_requests SET requested_at = now() - interval '100 hours' WHERE id = $1`, [overdue.res.body.id]);
    const urgent = await requestBed(t, tok.idt, { direction: 'step_down', priority: 'urgent' });
    const ready = await turnOver(t, tok.manager, stayId, bed.id);
    expect(ready.stay.requestId).toBe(urgent.res.body.id);
  });

  it('among equally urgent requests the mix still steers, and that is not counted as a cost of priority', async () => {
    const { unit, bed, stayId } = await unitBelowTarget();
    const up = await requestBed(t, tok.idt, { direction: 'step_up', priority: 'urgent' });
    const down = await requestBed(t, tok.idt, { direction: 'step_down', priority: 'urgent' });
    const ready = await turnOver(t, tok.manager, stayId, bed.id);
    expect(ready.stay.requestId).toBe(down.res.body.id);
    const [decision] = (await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200)).body.items;
    expect(decision).toMatchObject({ reason: 'under_target_direction', againstMixForPriority: false });
    expect((await as(t, tok.manager).get(`/bed-units/${unit.id}/mix`).expect(200)).body.decisions.againstMixForPriority).toBe(0);
    expect((await as(t, tok.idt).get(`/bed-requests/${up.res.body.id}`).expect(200)).body.status).toBe('waiting');
  });
});
