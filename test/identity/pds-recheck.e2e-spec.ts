import { Clock } from '../../src/common/clock';
import { PdsRecheckService } from '../../src/modules/identity/pds-recheck.service';
import type { PdsSimulator } from '../../scripts/pds-simulator';
import { TestApp, createTestApp } from '../support/app';
import { createPatient, createReferral, createWorld, referralBody } from '../support/factories';
import { createPdsPractices, pdsEnv, startPds } from './support';

/** Issue 14: living patients are re-checked against PDS; a death and a change of registered practice reach the record. */
describe('the rolling PDS re-check', () => {
  let sim: PdsSimulator;
  let t: TestApp;
  beforeAll(async () => {
    sim = await startPds();
    t = await createTestApp(pdsEnv(sim, { PDS_RECHECK_DAYS: '30' }));
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
    await createPdsPractices(t);
    sim.setMode({ kind: 'ok' });
  });
  afterEach(() => jest.restoreAllMocks());

  const recheck = () => t.app.get(PdsRecheckService).recheckDue();
  const record = async (nhs: string) =>
    (await t.db.query('SELECT gp_practice_ods, deceased_at, pds_checked_at FROM patients WHERE nhs_number = $1', [nhs]))[0] as {
      gp_practice_ods: string | null;
      deceased_at: Date | null;
      pds_checked_at: Date | null;
    };

  it('records a death PDS holds (the referral closes, died) and follows PDS to another known practice; agreeing records only get their check time', async () => {
    // PDS: Florence Nightingale (9992000058) died 2026-10-01; 9992000066 is registered at Z99003; Grace Hopper (9992000007) at Z99001
    await createPatient(t, { givenName: 'Florence', familyName: 'Nightingale', dateOfBirth: '1930-05-12' }, '9992000058');
    const referral = await createReferral(t, referralBody({ nhsNumber: '9992000058' }));
    await createPatient(t, { gpPracticeOds: 'P00001' }, '9992000066');
    await createPatient(t, { gpPracticeOds: 'Z99001' }, '9992000007');

    expect(await recheck()).toEqual({ rechecked: 3, deaths: 1, practiceChanges: 1, recheckUnavailable: 0 });

    expect((await record('9992000058')).deceased_at?.toISOString()).toBe('2026-10-01T08:30:00.000Z');
    const [r] = await t.db.query('SELECT status, closed_reason FROM referrals WHERE id = $1', [referral.id]);
    expect(r).toEqual({ status: 'completed', closed_reason: 'died' });
    expect((await record('9992000066')).gp_practice_ods).toBe('Z99003');
    const agreeing = await record('9992000007');
    expect(agreeing.gp_practice_ods).toBe('Z99001');
    expect(agreeing.pds_checked_at).not.toBeNull();
    // checked now: nothing is due again until PDS_RECHECK_DAYS have passed
    expect(await recheck()).toEqual({ rechecked: 0, deaths: 0, practiceChanges: 0, recheckUnavailable: 0 });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 31 * 86_400_000));
    expect((await recheck()).rechecked).toBe(2); // the two living patients
  });

  it('a number PDS does not know becomes a task for a person; the record is not changed', async () => {
    await createPatient(t, { gpPracticeOds: 'P00001' }, '9990310009');
    expect(await recheck()).toEqual({ rechecked: 1, deaths: 0, practiceChanges: 0, recheckUnavailable: 0 });
    expect((await record('9990310009')).gp_practice_ods).toBe('P00001');
    const tasks: { type: string; team_code: string }[] = await t.db.query(`SELECT type, team_code FROM tasks`);
    expect(tasks).toEqual([{ type: 'nhs_number_not_in_pds', team_code: 'SPOA' }]);
  });

  it('PDS down loses nothing: the record keeps its previous check and is due again', async () => {
    await createPatient(t, { gpPracticeOds: 'P00001' }, '9992000066');
    sim.setMode({ kind: 'error' });
    expect(await recheck()).toEqual({ rechecked: 0, deaths: 0, practiceChanges: 0, recheckUnavailable: 1 });
    expect(await record('9992000066')).toMatchObject({ gp_practice_ods: 'P00001', pds_checked_at: null });
    sim.setMode({ kind: 'ok' });
    expect(await recheck()).toMatchObject({ rechecked: 1, practiceChanges: 1 });
  });
});
