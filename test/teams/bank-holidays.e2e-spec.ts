import { Clock } from '../../src/common/clock';
import { TestApp, createTestApp } from '../support/app';
import { createPatient, createReferral, createReferralWorld, referralBody, triageReferral } from '../support/factories';

/** Issue 16: routing by team hours knows the bank holidays of England and Wales (data file in the repo). */
describe('routing on bank holidays', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, open: '09:00', close: '17:00' }));
    await createReferralWorld(t, { falls: weekdays, socialCare: [...weekdays, { day: 'bank_holiday', open: '10:00', close: '16:00' }] });
  });

  async function triageAt(at: string, service: string) {
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(at));
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber, urgency: 'routine' }));
    return (await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service }] })).destinations[0];
  }

  it('holds a referral for a weekday-hours team at the SPoA on Easter Monday, and routes it to the team the next day', async () => {
    expect(await triageAt('2026-04-06T10:00:00Z', 'falls_prevention')).toMatchObject({ teamCode: 'SPOA', routingBasis: 'out_of_hours' });
    expect(await triageAt('2026-04-07T10:00:00Z', 'falls_prevention')).toMatchObject({ teamCode: 'FALLS' });
  });

  it('routes to a team that declares bank_holiday hours, within them', async () => {
    expect(await triageAt('2026-12-28T11:00:00Z', 'social_care')).toMatchObject({ teamCode: 'ASC' });
    expect(await triageAt('2026-12-28T09:30:00Z', 'social_care')).toMatchObject({ teamCode: 'SPOA' });
  });
});
