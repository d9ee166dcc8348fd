import { BedRequestCloser } from '../../src/modules/beds/bed-request-closer';
import { BedSweeper } from '../../src/modules/beds/bed-sweeper';
import { TestApp, createTestApp } from '../support/app';
import { createOrganisation } from '../support/factories';
import { IDT, addBeds, as, bedTokens, bedWorld, createUnit, requestBed, turnOver } from './beds-fixtures';

/** Issue 16: step-up demand expires, and closes when the patient is admitted to an acute hospital. */
describe('beds: step-up requests that expire or are overtaken by a hospital admission', () => {
  let t: TestApp;
  let tok: Awaited<ReturnType<typeof bedTokens>>;
  beforeAll(async () => {
    t = await createTestApp({ BEDS_SWEEP_INTERVAL_SECONDS: '0', BEDS_STEP_UP_EXPIRY_HOURS: '24' });
    tok = await bedTokens(t);
  });
  beforeEach(async () => {
    await t.truncate();
    await bedWorld(t);
    await createOrganisation(t, { odsCode: 'RACUTE', type: 'acute_trust' });
  });
  afterAll(() => t.close());

  /** A unit whose only bed is taken, so new requests wait. */
  async function fullUnit() {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const occupant = await requestBed(t, tok.idt, { direction: 'step_down' });
    await as(t, tok.manager).post(`/bed-stays/${occupant.res.body.stay.id}/admit`, {}).expect(200);
    return { unit, bed, stayId: occupant.res.body.stay.id as string };
  }

  const waitedHours = (id: string, hours: number) => t.db.query(`UPDATE bed_requests SET requested_at = now() - make_interval(hours => $2) WHERE id = $1`, [id, hours]);

  it('expires a step-up request not placed within BEDS_STEP_UP_EXPIRY_HOURS, once, across racing sweeps, and alerts the requesting team', async () => {
    await fullUnit();
    const old = await requestBed(t, tok.idt, { direction: 'step_up', priority: 'urgent' });
    const recent = await requestBed(t, tok.idt, { direction: 'step_up' });
    const oldDown = await requestBed(t, tok.idt, { direction: 'step_down' });
    await waitedHours(old.res.body.id, 25);
    await waitedHours(recent.res.body.id, 23);
    await waitedHours(oldDown.res.body.id, 100);

    const sweeper = t.app.get(BedSweeper);
    const results = await Promise.all([sweeper.sweep(), sweeper.sweep(), sweeper.sweep()]);
    expect(results.reduce((n, r) => n + r.expired, 0)).toBe(1);

    const read = (await as(t, tok.idt).get(`/bed-requests/${old.res.body.id}`).expect(200)).body;
    expect(read).toMatchObject({ status: 'expired', closeCause: 'expired' });
    expect((await as(t, tok.idt).get(`/bed-requests/${recent.res.body.id}`).expect(200)).body.status).toBe('waiting');
    // step-down requests do not expire
    expect((await as(t, tok.idt).get(`/bed-requests/${oldDown.res.body.id}`).expect(200)).body.status).toBe('waiting');

    const log = (await as(t, tok.manager).get('/bed-allocations').expect(200)).body.items;
    const closed = log.filter((d: { event: string }) => d.event === 'closed');
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ requestId: old.res.body.id, reason: 'expired', direction: 'step_up', bedId: null, stayId: null, trigger: 'sweep' });

    const alerts: { type: string; team_code: string }[] = await t.db.query(`SELECT type, team_code FROM alerts WHERE type = 'bed_request_expired'`);
    expect(alerts).toEqual([{ type: 'bed_request_expired', team_code: IDT }]);
  });

  it('an expired request is never offered a bed that frees up later', async () => {
    const { bed, stayId } = await fullUnit();
    const old = await requestBed(t, tok.idt, { direction: 'step_up' });
    await waitedHours(old.res.body.id, 30);
    await t.app.get(BedSweeper).sweep();
    const ready = await turnOver(t, tok.manager, stayId, bed.id);
    expect(ready.status).toBe('available');
    const rows: { n: string }[] = await t.db.query(`SELECT count(*) AS n FROM bed_stays WHERE request_id = $1`, [old.res.body.id]);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('closes a waiting step-up request when the patient is admitted to an acute hospital, so the step-down request can follow', async () => {
    await fullUnit();
    const up = await requestBed(t, tok.idt, { direction: 'step_up', priority: 'urgent' });
    expect(up.res.body.status).toBe('waiting');
    await as(t, tok.idt).post('/admissions', { nhsNumber: up.nhsNumber, hospitalOds: 'RACUTE', method: 'emergency', admittedAt: new Date().toISOString() }).expect(201);

    const read = (await as(t, tok.idt).get(`/bed-requests/${up.res.body.id}`).expect(200)).body;
    expect(read).toMatchObject({ status: 'cancelled', closeCause: 'admitted_to_hospital' });
    const log = (await as(t, tok.manager).get('/bed-allocations').expect(200)).body.items;
    expect(log.filter((d: { event: string }) => d.event === 'closed')).toEqual([
      expect.objectContaining({ requestId: up.res.body.id, reason: 'admitted_to_hospital', trigger: 'hospital_admission' }),
    ]);
    // the step-down request that follows is no longer blocked by the open step-up one
    await as(t, tok.idt).post('/bed-requests', { nhsNumber: up.nhsNumber, direction: 'step_down' }).expect(201);
  });

  it('withdraws a standing step-up offer on admission to hospital and gives the bed to the next in line', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const up = await requestBed(t, tok.idt, { direction: 'step_up' });
    expect(up.res.body.stay.bedId).toBe(bed.id);
    const next = await requestBed(t, tok.idt, { direction: 'step_down' });
    expect(next.res.body.status).toBe('waiting');
    await as(t, tok.idt).post('/admissions', { nhsNumber: up.nhsNumber, hospitalOds: 'RACUTE', method: 'emergency', admittedAt: new Date().toISOString() }).expect(201);
    expect((await as(t, tok.idt).get(`/bed-requests/${up.res.body.id}`).expect(200)).body.status).toBe('cancelled');
    const after = (await as(t, tok.idt).get(`/bed-requests/${next.res.body.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'offered', stay: { bedId: bed.id } });
  });

  it('an admission to a community hospital does not close the step-up request', async () => {
    await fullUnit();
    const up = await requestBed(t, tok.idt, { direction: 'step_up' });
    await as(t, tok.idt).post('/admissions', { nhsNumber: up.nhsNumber, hospitalOds: 'TRUST1', method: 'emergency', admittedAt: new Date().toISOString() }).expect(201);
    expect((await as(t, tok.idt).get(`/bed-requests/${up.res.body.id}`).expect(200)).body.status).toBe('waiting');
  });

  it('cancelWaitingForPatient (for other capabilities, e.g. a death) cancels open requests, withdraws the offer and passes the bed on', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const gone = await requestBed(t, tok.idt, { direction: 'step_down' });
    const next = await requestBed(t, tok.idt, { direction: 'step_up' });
    const [patient]: { id: string }[] = await t.db.query('SELECT id FROM patients WHERE nhs_number = $1', [gone.nhsNumber]);
    const ids = await t.db.transaction((em) => t.app.get(BedRequestCloser).cancelWaitingForPatient(em, patient.id, 'Patient died'));
    expect(ids).toEqual([gone.res.body.id]);
    expect((await as(t, tok.idt).get(`/bed-requests/${gone.res.body.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', cancelReason: 'Patient died', closeCause: null });
    expect((await as(t, tok.idt).get(`/bed-requests/${next.res.body.id}`).expect(200)).body).toMatchObject({ status: 'offered', stay: { bedId: bed.id } });
  });
});
