import { TestApp, createTestApp } from '../support/app';
import { createOrganisation, createPatient } from '../support/factories';
import { addBeds, as, bedTokens, bedWorld, createUnit } from '../beds/beds-fixtures';

/** Hospital admission -> step-down bed request -> discharge "to step-down bed": the pieces link up. */
describe('discharge to a step-down bed links the admission and the bed request', () => {
  let t: TestApp;
  let tok: Awaited<ReturnType<typeof bedTokens>>;
  beforeAll(async () => {
    t = await createTestApp();
    tok = await bedTokens(t);
  });
  beforeEach(async () => {
    await t.truncate();
    await bedWorld(t);
    await createOrganisation(t, { odsCode: 'RHOSP1', type: 'acute_trust' });
  });
  afterAll(() => t.close());

  const admit = async (nhsNumber: string) =>
    (
      await as(t, tok.idt)
        .post('/admissions', { nhsNumber, hospitalOds: 'RHOSP1', method: 'emergency', admittedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() })
        .expect(201)
    ).body as { id: string };

  it('shows the request on the admission and names it in the discharge alert', async () => {
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 1);
    const nhsNumber = await createPatient(t);
    const admission = await admit(nhsNumber);
    const request = await as(t, tok.idt).post('/bed-requests', { nhsNumber, direction: 'step_down', admissionId: admission.id }).expect(201);
    expect(request.body.status).toBe('offered');

    const read = await as(t, tok.idt).get(`/admissions/${admission.id}`).expect(200);
    expect(read.body.bedRequests).toEqual([{ id: request.body.id, direction: 'step_down', status: 'offered' }]);

    await as(t, tok.idt).post(`/admissions/${admission.id}/discharge`, { at: new Date().toISOString(), destination: 'step_down_bed' }).expect(200);
    const alerts: { detail: { bedRequestId?: string } }[] = await t.db.query(`SELECT detail FROM alerts WHERE type = 'discharge'`);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.detail.bedRequestId).toBe(request.body.id);
  });

  it('refuses a request linked to another patient\'s admission, or to no admission, and creates nothing', async () => {
    const someoneElse = await createPatient(t);
    const admission = await admit(someoneElse);
    const nhsNumber = await createPatient(t);
    const other = await as(t, tok.idt).post('/bed-requests', { nhsNumber, direction: 'step_down', admissionId: admission.id }).expect(400);
    expect(other.body.errors).toEqual([{ field: 'admissionId', message: 'is not a hospital admission of this patient' }]);
    const missing = await as(t, tok.idt)
      .post('/bed-requests', { nhsNumber, direction: 'step_up', referralId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(missing.body.errors[0].field).toBe('referralId');
    expect((await t.db.query('SELECT count(*)::int AS n FROM bed_requests'))[0].n).toBe(0);
  });
});
