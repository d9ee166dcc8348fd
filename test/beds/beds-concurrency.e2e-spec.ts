import { TestApp, createTestApp } from '../support/app';
import { createPatient, nextNhsNumber } from '../support/factories';
import { addBeds, as, assertStayInvariants, bedTokens, bedWorld, createUnit, idleBedsWithEligibleWaiting } from './beds-fixtures';

/** Concurrency proofs: the database, not the process, keeps one stay per bed and one bed per patient. */
describe('beds under concurrency', () => {
  let t: TestApp;
  let tok: Awaited<ReturnType<typeof bedTokens>>;
  beforeAll(async () => {
    t = await createTestApp({ BEDS_SWEEP_INTERVAL_SECONDS: '0', DB_POOL_SIZE: '10' });
    tok = await bedTokens(t);
  });
  beforeEach(async () => {
    await t.truncate();
    await bedWorld(t);
  });
  afterAll(() => t.close());

  async function patients(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await createPatient(t, {}, nextNhsNumber()));
    return out;
  }

  async function counts() {
    const rows: { status: string; n: string }[] = await t.db.query('SELECT status, count(*) AS n FROM bed_requests GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  it('50 concurrent requests at 10 beds: exactly 10 offers, no bed or patient twice, nobody waiting beside a free bed', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 10);
    const nhs = await patients(50);
    const results = await Promise.all(
      nhs.map((n, i) => as(t, tok.idt).post('/bed-requests', { nhsNumber: n, direction: i % 3 === 0 ? 'step_up' : 'step_down' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(results.filter((r) => r.body.status === 'offered')).toHaveLength(10);
    expect(new Set(results.filter((r) => r.body.stay).map((r) => r.body.stay.bedId)).size).toBe(10);
    expect(await counts()).toEqual({ offered: 10, waiting: 40 });
    expect(await assertStayInvariants(t)).toEqual({ bedsWithTwoStays: 0, patientsWithTwoBeds: 0 });
    const decisions: { n: string }[] = await t.db.query('SELECT count(*) AS n FROM bed_allocations');
    expect(Number(decisions[0].n)).toBe(10);
  });

  it('one patient requesting five times at once gets one request', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 3);
    const [n] = await patients(1);
    const results = await Promise.all(Array.from({ length: 5 }, () => as(t, tok.idt).post('/bed-requests', { nhsNumber: n, direction: 'step_down' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'BED_REQUEST_EXISTS')).toBe(true);
    expect(await counts()).toEqual({ offered: 1 });
  });

  it('two PATCHes with the same If-Match: one wins, the other is 412', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const results = await Promise.all([
      as(t, tok.manager).patch(`/beds/${bed.id}`, { status: 'closed' }, bed.etag),
      as(t, tok.manager).patch(`/beds/${bed.id}`, { label: 'Renamed' }, bed.etag),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
  });

  it('admitting, declining and cancelling one offer at once: exactly one wins, the others are refused, never errors', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 2);
    for (let round = 0; round < 5; round++) {
      const [n] = await patients(1);
      const r = (await as(t, tok.idt).post('/bed-requests', { nhsNumber: n, direction: 'step_down' }).expect(201)).body;
      const stayId = r.stay.id;
      const results = await Promise.all([
        as(t, tok.manager).post(`/bed-stays/${stayId}/admit`, {}),
        as(t, tok.manager).post(`/bed-stays/${stayId}/decline`, { reason: 'race', requeue: false }),
        as(t, tok.idt).post(`/bed-requests/${r.id}/cancel`, { reason: 'race' }),
      ]);
      expect(results.filter((x) => x.status === 200)).toHaveLength(1);
      // the losers: a conflict, or 404 when the winner ended the stay and with it the unit team's access
      expect(results.filter((x) => x.status === 409 || x.status === 404)).toHaveLength(2);
      const [stay]: { status: string }[] = await t.db.query('SELECT status FROM bed_stays WHERE id = $1', [stayId]);
      const [request]: { status: string }[] = await t.db.query('SELECT status FROM bed_requests WHERE id = $1', [r.id]);
      expect([['occupied', 'admitted'], ['declined', 'cancelled'], ['withdrawn', 'cancelled']]).toContainEqual([stay.status, request.status]);
      if (stay.status === 'occupied') await as(t, tok.manager).post(`/bed-stays/${stayId}/discharge`, { destination: 'usual_residence' }).expect(200);
      await t.db.query(`UPDATE beds SET state = 'open' WHERE unit_id = $1`, [unit.id]);
    }
    expect(await assertStayInvariants(t)).toEqual({ bedsWithTwoStays: 0, patientsWithTwoBeds: 0 });
  });

  it('the database refuses a second active stay for a bed or a patient, whatever the application does', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed, other] = await addBeds(t, tok.manager, unit.id, 2);
    const [a, b] = await patients(2);
    const ra = (await as(t, tok.idt).post('/bed-requests', { nhsNumber: a, direction: 'step_down' }).expect(201)).body;
    const rb = (await as(t, tok.idt).post('/bed-requests', { nhsNumber: b, direction: 'step_down' }).expect(201)).body;
    const patientOf = async (nhsNumber: string) => ((await t.db.query('SELECT id FROM patients WHERE nhs_number = $1', [nhsNumber])) as { id: string }[])[0].id;
    const insert = (requestId: string, bedId: string, patientId: string) =>
      t.db.query(
        `INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at) VALUES ($1, $2, $3, $4, 'step_down', 'offered', now())`,
        [requestId, bedId, unit.id, patientId],
      );
    // b's bed given to a as well; a given a second bed
    await expect(insert(ra.id, rb.stay.bedId, await patientOf(a))).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    const secondBed = ra.stay.bedId === bed.id ? other.id : bed.id;
    expect(secondBed).toBe(rb.stay.bedId);
    await expect(insert(ra.id, secondBed, await patientOf(a))).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    expect(await assertStayInvariants(t)).toEqual({ bedsWithTwoStays: 0, patientsWithTwoBeds: 0 });
  });

  it('two service instances racing on one database never double-allocate and leave no bed idle beside an eligible request', async () => {
    const t2 = await createTestApp({ BEDS_SWEEP_INTERVAL_SECONDS: '0', DB_POOL_SIZE: '10' }, { databaseUrl: t.databaseUrl });
    try {
      const units = [await createUnit(t, tok.manager), await createUnit(t, tok.manager, { name: 'Walmer Extra Care', setting: 'extra_care_housing' })];
      const beds = [...(await addBeds(t, tok.manager, units[0].id, 5)), ...(await addBeds(t2, tok.manager, units[1].id, 5))];
      const nhs = await patients(40);
      const apps = [t, t2];
      // 40 requests alternately through each instance, at once
      const first = await Promise.all(nhs.map((n, i) => as(apps[i % 2], tok.idt).post('/bed-requests', { nhsNumber: n, direction: i % 2 ? 'step_up' : 'step_down' })));
      expect(first.every((r) => r.status === 201)).toBe(true);
      expect(await counts()).toEqual({ offered: 10, waiting: 30 });
      expect(await assertStayInvariants(t)).toEqual({ bedsWithTwoStays: 0, patientsWithTwoBeds: 0 });

      // admit everyone offered, then discharge and ready all ten beds through both instances at once,
      // while ten more requests arrive and five waiting ones are cancelled
      const offered = first.filter((r) => r.body.status === 'offered').map((r) => r.body.stay.id as string);
      await Promise.all(offered.map((id, i) => as(apps[i % 2], tok.manager).post(`/bed-stays/${id}/admit`, {}).expect(200)));
      await Promise.all(offered.map((id, i) => as(apps[i % 2], tok.manager).post(`/bed-stays/${id}/discharge`, { destination: 'usual_residence' }).expect(200)));
      const etags = await Promise.all(beds.map(async (b) => (await as(t, tok.manager).get(`/beds/${b.id}`).expect(200)).headers.etag));
      const waiting = first.filter((r) => r.body.status === 'waiting').map((r) => r.body.id as string);
      const more = await patients(10);
      const racing = await Promise.all([
        ...beds.map((b, i) => as(apps[i % 2], tok.manager).patch(`/beds/${b.id}`, { status: 'available' }, etags[i])),
        ...more.map((n, i) => as(apps[(i + 1) % 2], tok.idt).post('/bed-requests', { nhsNumber: n, direction: 'step_down' })),
        ...waiting.slice(0, 5).map((id, i) => as(apps[i % 2], tok.idt).post(`/bed-requests/${id}/cancel`, { reason: 'no longer needed' })),
      ]);
      expect(racing.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      expect(await assertStayInvariants(t)).toEqual({ bedsWithTwoStays: 0, patientsWithTwoBeds: 0 });
      expect(await idleBedsWithEligibleWaiting(t)).toBe(0);
      const c = await counts();
      expect(c).toEqual({ admitted: 10, offered: 10, waiting: 25, cancelled: 5 });
      const active: { n: string }[] = await t.db.query(`SELECT count(*) AS n FROM bed_stays WHERE status IN ('offered', 'occupied')`);
      expect(Number(active[0].n)).toBe(10);
    } finally {
      await t2.close();
    }
  });
});
