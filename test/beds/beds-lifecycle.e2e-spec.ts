import { TestApp, createTestApp } from '../support/app';
import { createOrganisation, createPatient } from '../support/factories';
import { inOneMillisecond, pageByPage } from '../support/paging';
import { BED_TEAM, IDT, addBeds, as, bedTokens, bedWorld, createUnit, requestBed } from './beds-fixtures';

describe('beds: units, the bed board and the stay lifecycle', () => {
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

  it('defines a unit (its own team when none is named) and beds; the board shows them available', async () => {
    const res = await as(t, tok.manager)
      .post('/bed-units', { name: 'Buckland Care Home Unit', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal' })
      .expect(201);
    expect(res.headers.location).toBe(`/api/v1/bed-units/${res.body.id}`);
    expect(res.body).toMatchObject({
      setting: 'care_home',
      locality: 'Dover/Deal',
      stepDownTarget: 0.6,
      windowDays: 28,
      allowedPurposes: null,
      teamCode: expect.stringMatching(/^BED-[0-9A-F]{8}$/),
      beds: { total: 0 },
    });
    const admin = await t.token({ roles: ['admin'] });
    await as(t, admin).get(`/teams/${res.body.teamCode}`).expect(200);

    // The unit is managed by its team's members (bed management is scoped to one's own teams' units).
    const unitManager = await t.token({ sub: 'bm-2', roles: ['bed_manager'], teams: [res.body.teamCode] });
    const bed = await as(t, unitManager).post(`/bed-units/${res.body.id}/beds`, { label: 'B1', capabilities: ['nursing', 'dementia'] }).expect(201);
    expect(bed.headers.location).toBe(`/api/v1/beds/${bed.body.id}`);
    expect(bed.headers.etag).toBe('"1"');
    expect(bed.body).toMatchObject({ unitId: res.body.id, label: 'B1', status: 'available', capabilities: ['nursing', 'dementia'], stay: null });
    await addBeds(t, unitManager, res.body.id, 2);

    const board = await as(t, tok.manager).get(`/beds?unit=${res.body.id}`).expect(200);
    expect(board.body.items.map((b: { label: string; status: string }) => [b.label, b.status])).toEqual([
      ['B01', 'available'],
      ['B02', 'available'],
      ['B1', 'available'],
    ]);
    expect((await as(t, tok.manager).get('/beds?locality=Shepway%2FFolkestone').expect(200)).body.items).toEqual([]);
    expect((await as(t, tok.manager).get('/beds?status=occupied').expect(200)).body.items).toEqual([]);
    const page = await as(t, tok.manager).get(`/beds?unit=${res.body.id}&limit=2`).expect(200);
    expect(page.body.items).toHaveLength(2);
    const rest = await as(t, tok.manager).get(`/beds?unit=${res.body.id}&limit=2&cursor=${page.body.nextCursor}`).expect(200);
    expect(rest.body).toMatchObject({ items: [{ label: 'B1' }], nextCursor: null });
    expect((await as(t, tok.manager).get(`/bed-units/${res.body.id}`).expect(200)).body.beds).toEqual({
      total: 3,
      available: 3,
      reserved: 0,
      occupied: 0,
      cleaning: 0,
      closed: 0,
    });
    await as(t, tok.manager).post('/bed-units', { name: 'Buckland Care Home Unit', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal' }).expect(409);
  });

  it('runs the whole lifecycle: request -> offer (alert) -> admit -> discharge -> cleaning -> ready -> next offer', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    await createOrganisation(t, { odsCode: 'RHOSP1', type: 'acute_trust' });
    const nhsNumber = await createPatient(t);
    const admission = await as(t, tok.idt)
      .post('/admissions', { nhsNumber, hospitalOds: 'RHOSP1', method: 'emergency', admittedAt: new Date(Date.now() - 86_400_000).toISOString() })
      .expect(201);
    const admissionId: string = admission.body.id;

    const first = await requestBed(t, tok.idt, { nhsNumber, admissionId, needs: [], priority: 'urgent' });
    expect(first.res.status).toBe(201);
    expect(first.res.headers.location).toBe(`/api/v1/bed-requests/${first.res.body.id}`);
    expect(first.res.body).toMatchObject({
      nhsNumber: first.nhsNumber,
      direction: 'step_down',
      admissionId,
      status: 'offered',
      requestedBy: { sub: 'idt-1', teamCode: IDT },
      stay: { bedId: bed.id, unitId: unit.id, status: 'offered' },
    });
    const stayId = first.res.body.stay.id;

    // the unit's team and the requesting team are told; the offer made the unit's team know the patient
    const alerts = await as(t, tok.manager).get('/alerts?status=open').expect(200);
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ type: 'bed_offer', teamCode: BED_TEAM, nhsNumber: first.nhsNumber, detail: expect.objectContaining({ stayId, bedId: bed.id }) }),
    ]);
    const idtAlerts = await as(t, tok.idt).get('/alerts?status=open').expect(200);
    expect(idtAlerts.body.items.map((a: { type: string }) => a.type)).toEqual(['bed_offer']);

    // the board shows the reservation with the NHS number to the unit's team
    const reserved = await as(t, tok.manager).get(`/beds/${bed.id}`).expect(200);
    expect(reserved.body).toMatchObject({ status: 'reserved', stay: { id: stayId, status: 'offered', nhsNumber: first.nhsNumber, direction: 'step_down' } });

    const second = await requestBed(t, tok.idt, { needs: [] });
    expect(second.res.body).toMatchObject({ status: 'waiting', stay: null });

    const admitted = await as(t, tok.manager).post(`/bed-stays/${stayId}/admit`, {}).expect(200);
    expect(admitted.body).toMatchObject({ id: stayId, status: 'occupied', nhsNumber: first.nhsNumber, admissionId, admittedAt: expect.any(String) });
    expect((await as(t, tok.idt).get(`/bed-requests/${first.res.body.id}`).expect(200)).body).toMatchObject({ status: 'admitted', stay: { status: 'occupied' } });

    // the single patient view carries the stay, and the unit team knows the patient through it
    const nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
    const view = await as(t, nav).get(`/patients/${first.nhsNumber}`).expect(200);
    expect(view.body.bedStay).toMatchObject({ id: stayId, status: 'occupied', direction: 'step_down', bedId: bed.id, unitId: unit.id, teamCode: BED_TEAM });
    expect(view.body.knownTo).toEqual(expect.arrayContaining([{ teamCode: BED_TEAM, relationships: ['bed_stay'] }]));
    const bedTeamClinician = await t.token({ sub: 'cl-bed', roles: ['clinician'], teams: [BED_TEAM] });
    await as(t, bedTeamClinician).get(`/patients/${first.nhsNumber}`).expect(200);

    // discharge needs an admitted stay, records the destination and puts the bed into cleaning
    const discharged = await as(t, tok.manager).post(`/bed-stays/${stayId}/discharge`, { destination: 'usual_residence' }).expect(200);
    expect(discharged.body).toMatchObject({ status: 'discharged', dischargeDestination: 'usual_residence', dischargedAt: expect.any(String) });
    const cleaning = await as(t, tok.manager).get(`/beds/${bed.id}`).expect(200);
    expect(cleaning.body).toMatchObject({ status: 'cleaning', stay: null });
    expect((await as(t, tok.idt).get(`/bed-requests/${second.res.body.id}`).expect(200)).body.status).toBe('waiting');
    await as(t, bedTeamClinician).get(`/patients/${first.nhsNumber}`).expect(404);

    // finishing cleaning needs If-Match (428 without, 412 when stale) and offers the bed at once
    const noMatch = await as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'available' }).expect(428);
    expect(noMatch.body.code).toBe('PRECONDITION_REQUIRED');
    const stale = await as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'available' }, '"1"').expect(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const ready = await as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'available' }, cleaning.headers.etag).expect(200);
    expect(ready.body).toMatchObject({ status: 'reserved', stay: { requestId: second.res.body.id, status: 'offered' } });
    expect(ready.headers.etag).not.toBe(cleaning.headers.etag);

    // every decision is logged
    const log = await as(t, tok.manager).get(`/bed-allocations?unit=${unit.id}`).expect(200);
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items[0]).toMatchObject({
      bedId: bed.id,
      requestId: second.res.body.id,
      direction: 'step_down',
      reason: 'only_eligible_request',
      trigger: 'bed_ready',
      stepDownShareBefore: 1,
      target: 0.6,
      underTargetDirection: 'step_up',
      underTargetDirectionWaiting: false,
      at: expect.any(String),
    });
    expect(log.body.items[1]).toMatchObject({ requestId: first.res.body.id, trigger: 'request_arrived', stepDownShareBefore: null, underTargetDirectionWaiting: null });

    // reads and writes of patient data were audited, the offers under the allocator's name
    const audit = await as(t, tok.auditor).get(`/audit-events?nhsNumber=${first.nhsNumber}`).expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['bed_request.create', 'bed_stay.offer', 'bed_board.read', 'bed_stay.admit', 'bed_stay.discharge']));
    expect(audit.body.items.find((e: { action: string }) => e.action === 'bed_stay.offer')).toMatchObject({ actor: expect.objectContaining({ sub: 'system:bed-allocator' }) });
  });

  it('declining re-queues the request away from that unit; cancelling an offer passes the bed on', async () => {
    const dover = await createUnit(t, tok.manager);
    const [doverBed] = await addBeds(t, tok.manager, dover.id, 1);
    const a = await requestBed(t, tok.idt);
    const b = await requestBed(t, tok.idt);
    expect(a.res.body.status).toBe('offered');
    expect(b.res.body.status).toBe('waiting');

    const declined = await as(t, tok.manager).post(`/bed-stays/${a.res.body.stay.id}/decline`, { reason: 'Prefers Folkestone' }).expect(200);
    expect(declined.body.status).toBe('declined');
    const again = await as(t, tok.idt).get(`/bed-requests/${a.res.body.id}`).expect(200);
    expect(again.body).toMatchObject({ status: 'waiting', excludedUnitIds: [dover.id], stay: null });
    const bNow = await as(t, tok.idt).get(`/bed-requests/${b.res.body.id}`).expect(200);
    expect(bNow.body).toMatchObject({ status: 'offered', stay: { bedId: doverBed.id } });

    // a bed in another unit goes to the re-queued request
    const folkestone = await createUnit(t, tok.manager, { name: 'Folkestone Extra Care', locality: 'Shepway/Folkestone', setting: 'extra_care_housing', teamCode: 'BEDS-SF' });
    const [sfBed] = await addBeds(t, tok.manager, folkestone.id, 1);
    expect((await as(t, tok.idt).get(`/bed-requests/${a.res.body.id}`).expect(200)).body).toMatchObject({ status: 'offered', stay: { bedId: sfBed.id } });

    // cancelling b's offer withdraws it and frees the Dover bed for the next in line
    const c = await requestBed(t, tok.idt);
    expect(c.res.body.status).toBe('waiting');
    const cancelled = await as(t, tok.idt).post(`/bed-requests/${b.res.body.id}/cancel`, { reason: 'Went home with a package of care' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Went home with a package of care', stay: null });
    expect((await as(t, tok.idt).get(`/bed-requests/${c.res.body.id}`).expect(200)).body).toMatchObject({ status: 'offered', stay: { bedId: doverBed.id } });
    const withdrawn: { status: string }[] = await t.db.query('SELECT status FROM bed_stays WHERE request_id = $1', [b.res.body.id]);
    expect(withdrawn).toEqual([{ status: 'withdrawn' }]);
    const again409 = await as(t, tok.idt).post(`/bed-requests/${b.res.body.id}/cancel`, { reason: 'again' }).expect(409);
    expect(again409.body.code).toBe('BED_REQUEST_NOT_OPEN');

    // declining without re-queueing cancels the request
    const cStay = (await as(t, tok.idt).get(`/bed-requests/${c.res.body.id}`).expect(200)).body.stay.id;
    await as(t, tok.manager).post(`/bed-stays/${cStay}/decline`, { reason: 'Patient declined', requeue: false }).expect(200);
    expect((await as(t, tok.idt).get(`/bed-requests/${c.res.body.id}`).expect(200)).body.status).toBe('cancelled');
  });

  it('answers problem+json and changes nothing for a capability mismatch, a stay never admitted, a closed bed and an unknown unit', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1, ['nursing']);
    const snapshot = async () => ({
      requests: await t.db.query('SELECT id, status FROM bed_requests ORDER BY id'),
      stays: await t.db.query('SELECT id, status, admitted_at, discharged_at FROM bed_stays ORDER BY id'),
      beds: await t.db.query('SELECT id, state, version FROM beds ORDER BY id'),
    });

    // capability mismatch: no bed anywhere is bariatric
    let before = await snapshot();
    const mismatch = await requestBed(t, tok.idt, { needs: ['bariatric'] });
    expect(mismatch.res.status).toBe(409);
    expect(mismatch.res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(mismatch.res.body).toMatchObject({ code: 'CAPABILITY_MISMATCH', status: 409, detail: expect.stringContaining('bariatric') });
    expect(await snapshot()).toEqual(before);

    // unknown unit, wherever a unit is named
    const unknown = '0b6c1c1e-0000-4000-8000-000000000000';
    for (const res of [
      await as(t, tok.manager).get(`/bed-units/${unknown}`),
      await as(t, tok.manager).get(`/bed-units/${unknown}/mix`),
      await as(t, tok.manager).get(`/beds?unit=${unknown}`),
      await as(t, tok.manager).get(`/bed-allocations?unit=${unknown}`),
      await as(t, tok.manager).post(`/bed-units/${unknown}/beds`, { label: 'X1', capabilities: [] }),
      (await requestBed(t, tok.idt, { unitId: unknown })).res,
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('BED_UNIT_NOT_FOUND');
    }
    expect(await snapshot()).toEqual(before);

    // discharge of a stay never admitted
    const offered = await requestBed(t, tok.idt, { needs: ['nursing'] });
    const stayId = offered.res.body.stay.id;
    before = await snapshot();
    const never = await as(t, tok.manager).post(`/bed-stays/${stayId}/discharge`, { destination: 'usual_residence' }).expect(409);
    expect(never.body).toMatchObject({ code: 'BED_STAY_NOT_ADMITTED', status: 409 });
    expect(await snapshot()).toEqual(before);

    // admitting into a closed bed: the offer stands on a closed bed until reopened or declined
    const etag = (await as(t, tok.manager).get(`/beds/${bed.id}`).expect(200)).headers.etag;
    const closed = await as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'closed', reason: 'Infection control' }, etag).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'Infection control', stay: { id: stayId, status: 'offered' } });
    before = await snapshot();
    const intoClosed = await as(t, tok.manager).post(`/bed-stays/${stayId}/admit`, {}).expect(409);
    expect(intoClosed.body).toMatchObject({ code: 'BED_CLOSED', status: 409 });
    expect(await snapshot()).toEqual(before);

    // reopen, admit; then an occupied bed cannot be closed nor lose a capability its stay needs
    const reopened = await as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'available' }, closed.headers.etag).expect(200);
    expect(reopened.body.status).toBe('reserved');
    await as(t, tok.manager).post(`/bed-stays/${stayId}/admit`, {}).expect(200);
    const occupiedEtag = (await as(t, tok.manager).get(`/beds/${bed.id}`)).headers.etag;
    before = await snapshot();
    expect((await as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'closed' }, occupiedEtag).expect(409)).body.code).toBe('BED_OCCUPIED');
    expect((await as(t, tok.manager).patch(`/beds/${bed.id}`, { capabilities: [] }, occupiedEtag).expect(409)).body.code).toBe('CAPABILITY_MISMATCH');
    expect((await as(t, tok.manager).post(`/bed-stays/${stayId}/admit`, {}).expect(409)).body.code).toBe('BED_STAY_NOT_OFFERED');
    // the same patient cannot hold a second request while in a bed
    expect((await requestBed(t, tok.idt, { nhsNumber: offered.nhsNumber, needs: ['nursing'] })).res.body.code).toBe('BED_REQUEST_EXISTS');
    expect(await snapshot()).toEqual(before);

    await as(t, tok.manager).post(`/bed-stays/${stayId}/discharge`, { destination: 'care_home' }).expect(200);
    // the unit team's relationship ended with the stay (404); break-glass is for reads only (issue 12), so a stated reason does not open it for a write
    expect((await as(t, tok.manager).post(`/bed-stays/${stayId}/discharge`, { destination: 'care_home' }).expect(404)).body.code).toBe('BED_STAY_NOT_FOUND');
    const twice = await as(t, tok.manager).post(`/bed-stays/${stayId}/discharge`, { destination: 'care_home' }).set('X-Access-Reason', 'correcting the record');
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('BED_STAY_NOT_FOUND');
    // the bed is cleaning: the next request waits
    const r2 = await requestBed(t, tok.idt, { needs: ['nursing'] });
    expect(r2.res.body.status).toBe('waiting');
  });

  it('keeps commissioners to aggregates and shows patients on the board only to those who may see them', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const r = await requestBed(t, tok.idt);
    for (const path of ['/beds', `/beds/${bed.id}`, '/bed-requests', `/bed-requests/${r.res.body.id}`, '/bed-allocations']) {
      expect((await as(t, tok.commissioner).get(path)).status).toBe(403);
    }
    await as(t, tok.commissioner).post('/bed-requests', { nhsNumber: r.nhsNumber, direction: 'step_up' }).expect(403);
    await as(t, tok.commissioner).get(`/bed-units/${unit.id}/mix`).expect(200);
    await as(t, tok.commissioner).get('/bed-units/capacity-plan?arrivalsPerWeek=35&meanLengthOfStayDays=14&maxRefusalRate=0.05').expect(200);
    await as(t, tok.clinicianA).post(`/bed-stays/${r.res.body.stay.id}/admit`, {}).expect(403);

    // a bed manager of another team sees the bed and its stay, not who is in it
    const other = await as(t, tok.otherManager).get(`/beds?unit=${unit.id}`).expect(200);
    expect(other.body.items[0]).toMatchObject({ status: 'reserved', stay: { id: r.res.body.stay.id, nhsNumber: null } });
    const list = await as(t, tok.otherManager).get('/bed-requests').expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: r.res.body.id, nhsNumber: null, status: 'offered' })]);
    // nor can they open the request or the stay (404, as if it did not exist); break-glass opens the stay, audited
    expect((await as(t, tok.otherManager).get(`/bed-requests/${r.res.body.id}`).expect(404)).body.code).toBe('BED_REQUEST_NOT_FOUND');
    expect((await as(t, tok.otherManager).post(`/bed-stays/${r.res.body.stay.id}/admit`, {}).expect(404)).body.code).toBe('BED_STAY_NOT_FOUND');
    await as(t, tok.otherManager).get(`/bed-stays/${r.res.body.stay.id}`).set('X-Access-Reason', 'covering the ward tonight').expect(200);

    // a clinician whose team is aligned to the patient's practice sees the request in the list
    const mine = await as(t, tok.clinicianA).get('/bed-requests?status=offered&direction=step_down').expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: r.res.body.id, nhsNumber: r.nhsNumber })]);
    const unrelated = await as(t, tok.clinicianB).get('/bed-requests').expect(200);
    expect(unrelated.body.items[0].nhsNumber).toBeNull();
  });

  it('pages through requests made within one millisecond, oldest first, each once (hazard H18-7)', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 1);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await requestBed(t, tok.idt)).res.body.id);
    // requested_at is now() at the insert: microseconds, which a Date (and so a cursor built from one) drops.
    const oldestFirst = await inOneMillisecond(t, 'bed_requests', 'requested_at', ids);

    const seen = await pageByPage<{ id: string }>(t, `Bearer ${tok.manager}`, '/api/v1/bed-requests');
    expect(seen.map((r) => r.id)).toEqual(oldestFirst);
    for (const request of seen) expect(request).not.toHaveProperty('cursorAt');
  });

  it('replays a create with the same Idempotency-Key and refuses a second open request for a patient', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 1);
    const nhsNumber = await createPatient(t);
    const send = () =>
      t
        .http()
        .post('/api/v1/bed-requests')
        .set('Authorization', `Bearer ${tok.idt}`)
        .set('Idempotency-Key', 'req-1')
        .send({ nhsNumber, direction: 'step_down' });
    const a = await send().expect(201);
    const b = await send().expect(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toEqual(a.body);
    const dup = await as(t, tok.idt).post('/bed-requests', { nhsNumber, direction: 'step_up' }).expect(409);
    expect(dup.body.code).toBe('BED_REQUEST_EXISTS');
    const bad = await as(t, tok.idt).post('/bed-requests', { nhsNumber, direction: 'sideways', surprise: 1 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('restricts community hospitals to assessment, 24/7 nursing rehabilitation and carer respite', async () => {
    const hospital = await createUnit(t, tok.manager, { name: 'Victoria Hospital', setting: 'community_hospital' });
    expect((await as(t, tok.manager).get(`/bed-units/${hospital.id}`)).body.allowedPurposes).toEqual([
      'comprehensive_assessment',
      'nursing_rehabilitation',
      'carer_respite',
    ]);
    await addBeds(t, tok.manager, hospital.id, 1);
    const noPurpose = await requestBed(t, tok.idt);
    expect(noPurpose.res.status).toBe(409);
    expect(noPurpose.res.body.code).toBe('PURPOSE_NOT_ACCEPTED');
    const reablement = await requestBed(t, tok.idt, { purpose: 'reablement' });
    expect(reablement.res.body.code).toBe('PURPOSE_NOT_ACCEPTED');
    const rehab = await requestBed(t, tok.idt, { purpose: 'nursing_rehabilitation' });
    expect(rehab.res.status).toBe(201);
    expect(rehab.res.body.status).toBe('offered');
  });

  it('bed managers act only on units run by their own teams: another locality\u2019s manager cannot add, close or fill beds there (issue 12, item 10)', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const before = await t.db.query('SELECT id, state, version FROM beds ORDER BY id');

    const add = await as(t, tok.otherManager).post(`/bed-units/${unit.id}/beds`, { label: 'X1', capabilities: [] }).expect(403);
    expect(add.body.code).toBe('BED_UNIT_NOT_MANAGED');
    const close = await as(t, tok.otherManager).patch(`/beds/${bed.id}`, { status: 'closed' }, bed.etag).expect(403);
    expect(close.body.code).toBe('BED_UNIT_NOT_MANAGED');
    expect(await t.db.query('SELECT id, state, version FROM beds ORDER BY id')).toEqual(before);

    // The unit's own manager still can.
    await as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'closed' }, bed.etag).expect(200);
  });
});
