import { TestApp, createTestApp } from '../support/app';
import { clinician, createOrganisation, createPatient, createReferral, createTeam, navigator, referralBody, triageReferral } from '../support/factories';
import { addBeds, as, bedTokens, bedWorld, createUnit } from '../beds/beds-fixtures';

/** Issue 16: referrals and hospital discharges raise their bed requests, once. */
describe('referrals and discharges raise linked bed requests', () => {
  let t: TestApp;
  let tok: Awaited<ReturnType<typeof bedTokens>>;
  beforeAll(async () => {
    t = await createTestApp({ BEDS_SWEEP_INTERVAL_SECONDS: '0' });
    tok = await bedTokens(t);
  });
  beforeEach(async () => {
    await t.truncate();
    await bedWorld(t);
    await createTeam(t, { code: 'RR-DD', type: 'rapid_response', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
    await createOrganisation(t, { odsCode: 'RACUTE', type: 'acute_trust' });
  });
  afterAll(() => t.close());

  const requestsOf = (patientNhs: string) =>
    t.db.query(
      `SELECT r.id, r.direction, r.priority, r.status, r.source, r.referral_id, r.admission_id, r.requested_by_team FROM bed_requests r
       JOIN patients p ON p.id = r.patient_id WHERE p.nhs_number = $1 ORDER BY r.requested_at`,
      [patientNhs],
    );

  it('triage to the step-up bed service raises one urgent step-up request, offered at once when a bed is free, shown on the referral', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber, urgency: 'urgent' }));
    const triaged = await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service: 'step_up_bed' }] });
    const rows = await requestsOf(nhsNumber);
    expect(rows).toEqual([
      expect.objectContaining({ direction: 'step_up', priority: 'urgent', status: 'offered', source: 'referral', referral_id: r.id, requested_by_team: 'BEDS-DD' }),
    ]);
    expect(triaged.bedRequests).toEqual([{ id: rows[0].id, direction: 'step_up', status: 'offered', closeCause: null, source: 'referral' }]);
    const stays: { bed_id: string }[] = await t.db.query('SELECT bed_id FROM bed_stays WHERE request_id = $1', [rows[0].id]);
    expect(stays).toEqual([{ bed_id: bed.id }]);
    const read = await t.http().get(`/api/v1/referrals/${r.id}`).set('Authorization', await navigator(t)).expect(200);
    expect(read.body.bedRequests).toHaveLength(1);
  });

  it('a part completed with outcome step_up_bed raises the request once, and the database refuses a second', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 1);
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber, urgency: 'routine' }));
    const triaged = await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }] });
    expect(triaged.destinations[0].teamCode).toBe('RR-DD');
    const rr = await clinician(t, ['RR-DD']);
    const partId = triaged.destinations[0].id;
    await t.http().post(`/api/v1/referrals/${r.id}/accept`).set('Authorization', rr).send({ destinationId: partId }).expect(200);
    await t.http().post(`/api/v1/referrals/${r.id}/first-contact`).set('Authorization', rr).send({ destinationId: partId }).expect(200);
    const done = await t.http().post(`/api/v1/referrals/${r.id}/complete`).set('Authorization', rr).send({ outcome: 'step_up_bed', destinationId: partId });
    expect(done.status).toBe(200);
    const rows = await requestsOf(nhsNumber);
    expect(rows).toEqual([expect.objectContaining({ direction: 'step_up', priority: 'routine', source: 'referral', referral_id: r.id })]);
    expect(done.body.bedRequests).toEqual([expect.objectContaining({ id: rows[0].id, direction: 'step_up' })]);

    // The database holds the line too: a second referral-sourced request for the referral is refused by the unique index.
    await expect(
      t.db.query(
        `INSERT INTO bed_requests (patient_id, direction, referral_id, needs, priority, excluded_unit_ids, status, requested_at, requested_by_sub, source)
         SELECT patient_id, 'step_up', referral_id, '{}', 'routine', '{}', 'cancelled', now(), 'x', 'referral' FROM bed_requests WHERE id = $1`,
        [rows[0].id],
      ),
    ).rejects.toThrow(/uq_bed_requests_referral_source/);
  });

  it('a discharge to a step-down bed raises the step-down request when the admission has none, and not when it has', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 2);
    const admitAndDischarge = async (nhsNumber: string, before?: (admissionId: string) => Promise<void>) => {
      const admitted = (
        await as(t, tok.idt)
          .post('/admissions', { nhsNumber, hospitalOds: 'RACUTE', method: 'emergency', admittedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() })
          .expect(201)
      ).body;
      if (before) await before(admitted.id);
      const discharged = await as(t, tok.idt).post(`/admissions/${admitted.id}/discharge`, { at: new Date().toISOString(), destination: 'step_down_bed' }).expect(200);
      return { admissionId: admitted.id as string, view: discharged.body };
    };
    const first = await createPatient(t);
    const a = await admitAndDischarge(first);
    const rows = await requestsOf(first);
    expect(rows).toEqual([expect.objectContaining({ direction: 'step_down', source: 'admission', admission_id: a.admissionId, status: 'offered' })]);
    expect(a.view.bedRequests).toEqual([{ id: rows[0].id, direction: 'step_down', status: 'offered' }]);

    const second = await createPatient(t);
    await admitAndDischarge(second, async (admissionId) => {
      await as(t, tok.idt).post('/bed-requests', { nhsNumber: second, direction: 'step_down', admissionId }).expect(201);
    });
    expect((await requestsOf(second)).map((x: { source: string }) => x.source)).toEqual(['manual']);
  });
});
