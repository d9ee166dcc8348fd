import { TestApp, createTestApp } from '../support/app';
import { navigator, patientBody } from '../support/factories';
import { addBeds, as, bedTokens, bedWorld, createUnit, requestBed } from './beds-fixtures';

/** Issue 14: a death recorded on the patient closes their bed work, so no bed is held for, or shown as occupied by, someone who has died. */
describe('beds: a patient who dies', () => {
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

  const recordDeath = async (nhsNumber: string, deceasedAt: string) =>
    t.http().put(`/api/v1/patients/${nhsNumber}`).set('Authorization', await navigator(t)).send(patientBody({ deceasedAt })).expect(200);

  it('withdraws a standing offer (request cancelled, reason died) and passes the bed to the next in line', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const died = await requestBed(t, tok.idt);
    const next = await requestBed(t, tok.idt);
    expect(died.res.body).toMatchObject({ status: 'offered', stay: { bedId: bed.id } });

    await recordDeath(died.nhsNumber, new Date().toISOString());

    expect((await as(t, tok.idt).get(`/bed-requests/${died.res.body.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', cancelReason: 'died' });
    expect((await as(t, tok.idt).get(`/bed-requests/${next.res.body.id}`).expect(200)).body).toMatchObject({ status: 'offered', stay: { bedId: bed.id } });
  });

  it('discharges an occupied bed (destination died, at the death) and sends the bed to cleaning', async () => {
    const unit = await createUnit(t, tok.manager);
    const [bed] = await addBeds(t, tok.manager, unit.id, 1);
    const died = await requestBed(t, tok.idt);
    const stayId = died.res.body.stay.id as string;
    await as(t, tok.manager).post(`/bed-stays/${stayId}/admit`, {}).expect(200);
    const diedAt = new Date(Date.now() + 60_000).toISOString();

    await recordDeath(died.nhsNumber, diedAt);

    const [stay] = await t.db.query('SELECT status, discharge_destination, discharged_at FROM bed_stays WHERE id = $1', [stayId]);
    expect(stay).toEqual({ status: 'discharged', discharge_destination: 'died', discharged_at: new Date(diedAt) });
    const [b] = await t.db.query('SELECT state FROM beds WHERE id = $1', [bed.id]);
    expect(b).toEqual({ state: 'cleaning' });
  });
});
