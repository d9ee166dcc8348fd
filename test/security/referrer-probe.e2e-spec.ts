import { TestApp, createTestApp } from '../support/app';
import { createPatient, createReferralWorld, createTeam, navigator, nextNhsNumber, referralBody, referrer } from '../support/factories';

/**
 * Issue 12 item 11, last part: a referrer cannot tell from POST /referrals whether the service
 * already holds an NHS number (it may not read patient records). Before: an unknown number alone
 * was 404 and a known one 201; with demographics, `duplicateOf` named another organisation's open
 * referral and `spoaTeamCode` followed the practice on record, not the one sent.
 */
describe('referrers cannot probe NHS numbers through POST /referrals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    await createReferralWorld(t);
    // A second single point of access, for Folkestone: the SPoA depends on where the patient is registered.
    await createTeam(t, { code: 'SPOA-FS', type: 'single_point_of_access', organisationOds: 'TRUST1', locality: 'Shepway/Folkestone' });
  });
  afterAll(() => t.close());

  const post = (token: string, body: Record<string, unknown>) => t.http().post('/api/v1/referrals').set('Authorization', token).send(body);
  /** Registered in Folkestone, with an open referral from another organisation. */
  async function knownElsewhere(): Promise<string> {
    const nhsNumber = await createPatient(t, { gpPracticeOds: 'P00002' });
    const theirs = { givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '1936-12-09', gpPracticeOds: 'P00002' };
    await post(await referrer(t, 'ZOTHER'), referralBody({ nhsNumber, requestedService: 'social_care', patient: theirs })).expect(201);
    return nhsNumber;
  }
  // What the referrer believes: a Dover patient.
  const demographics = { givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '1936-12-09', gpPracticeOds: 'P00001' };
  const body = (nhsNumber: string, withDemographics: boolean) =>
    referralBody({ nhsNumber, requestedService: 'social_care', source: { type: 'ae', organisationOds: 'ZEKHT' }, ...(withDemographics ? { patient: demographics } : {}) });
  const VARYING = new Set(['id', 'nhsNumber', 'receivedAt', 'respondBy', 'createdAt', 'updatedAt', 'correlationId', 'at']);
  /** The answer without what differs between any two requests (ids, times, the number sent). */
  const shape = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(shape)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).filter(([k]) => !VARYING.has(k)).map(([k, v]) => [k, shape(v)]))
        : value;
  const count = async () => (await t.db.query('SELECT (SELECT count(*) FROM patients)::int AS p, (SELECT count(*) FROM referrals)::int AS r'))[0];

  it('answers an NHS number alone the same whether it is unknown or known but not theirs, and creates nothing', async () => {
    const hospital = await referrer(t, 'ZEKHT');
    const known = await knownElsewhere();
    const before = await count();
    const unknownAnswer = await post(hospital, body(nextNhsNumber(), false));
    const knownAnswer = await post(hospital, body(known, false));
    expect({ status: knownAnswer.status, body: shape(knownAnswer.body) }).toEqual({ status: unknownAnswer.status, body: shape(unknownAnswer.body) });
    expect(unknownAnswer.status).toBe(400);
    expect(unknownAnswer.body.errors).toEqual([{ field: 'patient', message: expect.stringContaining('unless your organisation has referred') }]);
    expect(await count()).toEqual(before);
  });

  it('answers a referral with demographics the same for an unknown and a known number (no duplicateOf, no SPoA on record)', async () => {
    const hospital = await referrer(t, 'ZEKHT');
    const known = await knownElsewhere();
    const unknownAnswer = await post(hospital, body(nextNhsNumber(), true)).expect(201);
    const knownAnswer = await post(hospital, body(known, true)).expect(201);
    expect(shape(knownAnswer.body)).toEqual(shape(unknownAnswer.body));
    expect(knownAnswer.body).toMatchObject({ duplicateOf: null, spoaTeamCode: null, patient: null });
    // and following it up says no more
    const [unknownRead, knownRead] = await Promise.all(
      [unknownAnswer, knownAnswer].map((a) => t.http().get(`/api/v1/referrals/${a.body.id}`).set('Authorization', hospital).expect(200)),
    );
    expect(shape(knownRead.body)).toEqual(shape(unknownRead.body));
    const list = await t.http().get('/api/v1/referrals').set('Authorization', hospital).expect(200);
    expect(list.body.items.map((i: { duplicateOf: unknown; spoaTeamCode: unknown }) => [i.duplicateOf, i.spoaTeamCode])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('still flags the duplicate and the SPoA for the navigators, and lets a referrer name by number alone a patient it referred before', async () => {
    const hospital = await referrer(t, 'ZEKHT');
    const known = await knownElsewhere();
    const fromHospital = await post(hospital, body(known, true)).expect(201);
    const nav = await navigator(t);
    const seen = await t.http().get(`/api/v1/referrals/${fromHospital.body.id}`).set('Authorization', nav).expect(200);
    expect(seen.body.duplicateOf).toEqual(expect.any(String));
    expect(seen.body.spoaTeamCode).toBe('SPOA-FS');
    expect(seen.body.history[0].detail.duplicateOf).toBe(seen.body.duplicateOf);
    const byNavigator = await post(nav, body(known, false)).expect(201);
    expect(byNavigator.body.duplicateOf).toBe(seen.body.duplicateOf);
    // the hospital referred this patient before: the number alone will do now
    const again = await post(hospital, referralBody({ nhsNumber: known, requestedService: 'rapid_response', source: { type: 'ae', organisationOds: 'ZEKHT' } })).expect(201);
    expect(again.body).toMatchObject({ nhsNumber: known, duplicateOf: null, spoaTeamCode: null });
  });
});
