import { Clock } from '../../src/common/clock';
import { TestApp, createTestApp } from '../support/app';
import {
  bearer,
  clinician,
  createPatient,
  createReferral,
  createReferralWorld,
  navigator,
  referralBody,
  referrer,
  triageReferral,
} from '../support/factories';

describe('referral validation, queue and access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    await createReferralWorld(t);
  });

  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  describe('validation creates nothing', () => {
    const cases: [string, (nhs: string) => Record<string, unknown>, string, string][] = [
      ['an invalid NHS number', () => referralBody({ nhsNumber: '9434765918' }), 'NHS_NUMBER_INVALID', 'nhsNumber'],
      ['an unknown requested service', (nhs) => referralBody({ nhsNumber: nhs, requestedService: 'teleportation' }), 'VALIDATION_FAILED', 'requestedService'],
      ['an unknown source type', (nhs) => referralBody({ nhsNumber: nhs, source: { type: 'pigeon' } }), 'VALIDATION_FAILED', 'source.type'],
      ['an empty reason', (nhs) => referralBody({ nhsNumber: nhs, reason: '' }), 'VALIDATION_FAILED', 'reason'],
      ['a blank reason', (nhs) => referralBody({ nhsNumber: nhs, reason: '   ' }), 'VALIDATION_FAILED', 'reason'],
      ['an oversize reason', (nhs) => referralBody({ nhsNumber: nhs, reason: 'x'.repeat(4001) }), 'VALIDATION_FAILED', 'reason'],
      ['an oversize source name', (nhs) => referralBody({ nhsNumber: nhs, source: { type: 'gp', name: 'x'.repeat(201) } }), 'VALIDATION_FAILED', 'source.name'],
      ['a past respondBy override', (nhs) => referralBody({ nhsNumber: nhs, respondBy: '2020-01-01T00:00:00Z' }), 'VALIDATION_FAILED', 'respondBy'],
      ['a respondBy without offset', (nhs) => referralBody({ nhsNumber: nhs, respondBy: '2099-01-01T00:00:00' }), 'VALIDATION_FAILED', 'respondBy'],
      ['an unknown urgency', (nhs) => referralBody({ nhsNumber: nhs, urgency: 'whenever' }), 'VALIDATION_FAILED', 'urgency'],
      ['an unknown field', (nhs) => referralBody({ nhsNumber: nhs, priority: 1 }), 'VALIDATION_FAILED', 'priority'],
      ['no NHS number and no demographics', () => referralBody(), 'VALIDATION_FAILED', 'patient'],
      ['demographics without a date of birth', () => referralBody({ patient: { givenName: 'A', familyName: 'B' } }), 'VALIDATION_FAILED', 'patient.dateOfBirth'],
      ['an unknown practice', () => referralBody({ patient: { givenName: 'A', familyName: 'B', dateOfBirth: '1940-01-01', gpPracticeOds: 'NOPE1' } }), 'VALIDATION_FAILED', 'patient.gpPracticeOds'],
    ];

    it.each(cases)('%s is 400 problem+json', async (_, body, code, field) => {
      const nhsNumber = await createPatient(t);
      const before = [await count('referrals'), await count('patients'), await count('tasks')];
      const res = await t.http().post('/api/v1/referrals').set('Authorization', await navigator(t)).send(body(nhsNumber));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe(code);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect([await count('referrals'), await count('patients'), await count('tasks')]).toEqual(before);
    });

    it('refuses triage with an unknown service, an unknown team or a team of another service', async () => {
      const r = await createReferral(t, referralBody({ nhsNumber: await createPatient(t) }));
      const nav = await navigator(t);
      const triage = (body: object) => t.http().post(`/api/v1/referrals/${r.id}/triage`).set('Authorization', nav).send(body);
      expect((await triage({ decision: 'accept', destinations: [{ service: 'teleportation' }] })).body.errors).toEqual([
        expect.objectContaining({ field: 'destinations.0.service' }),
      ]);
      expect((await triage({ decision: 'accept', destinations: [{ service: 'social_care', teamCode: 'NOPE' }] })).body.errors).toEqual([
        { field: 'destinations.0.teamCode', message: 'is not a known team' },
      ]);
      expect((await triage({ decision: 'accept', destinations: [{ service: 'social_care', teamCode: 'RR-DD' }] })).body.errors).toEqual([
        { field: 'destinations.0.teamCode', message: 'is a rapid_response team, not social_care' },
      ]);
      expect((await triage({ decision: 'decline', reason: '' })).status).toBe(400);
      expect((await triage({ decision: 'accept', urgency: 'crisis', destinations: [{ service: 'rapid_response' }] })).body.errors).toEqual([
        { field: 'reason', message: 'is required to change the urgency' },
      ]);
      expect(await count('referral_destinations')).toBe(0);
      const [row] = await t.db.query('SELECT status, version FROM referrals');
      expect(row).toEqual({ status: 'awaiting_triage', version: 1 });
    });
  });

  describe('referrers', () => {
    it('see only the referrals their organisation sent, without the record behind them, and may cancel them', async () => {
      const nhsNumber = await createPatient(t);
      const hospital = await referrer(t, 'ZEKHT');
      const otherOrg = await referrer(t, 'ZOTHER');
      // A referrer names a patient it has not referred before with demographics (an NHS number alone would let it probe).
      const patient = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1940-12-10' };
      const mine = await createReferral(t, referralBody({ nhsNumber, patient, source: { type: 'ae', organisationOds: 'ZEKHT' } }), hospital);
      const theirs = await createReferral(t, referralBody({ nhsNumber, patient, source: { type: 'ambulance' } }), otherOrg);
      expect(mine.patient).toBeNull();
      const colleague = await referrer(t, 'ZEKHT', 'ref-2');

      const list = await t.http().get('/api/v1/referrals?status=all').set('Authorization', colleague).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
      expect(list.body.items[0]).toMatchObject({ nhsNumber, patient: null, referredBy: { org: 'ZEKHT' } });
      const read = await t.http().get(`/api/v1/referrals/${mine.id}`).set('Authorization', colleague).expect(200);
      expect(read.body.history.length).toBeGreaterThan(0);
      await t.http().get(`/api/v1/referrals/${theirs.id}`).set('Authorization', colleague).expect(404);
      await t.http().post(`/api/v1/referrals/${theirs.id}/cancel`).set('Authorization', colleague).send({ reason: 'x' }).expect(404);
      await t.http().post(`/api/v1/referrals/${mine.id}/triage`).set('Authorization', colleague).send({ decision: 'decline', reason: 'x' }).expect(403);
      await t.http().get(`/api/v1/patients/${nhsNumber}`).set('Authorization', colleague).expect(403);

      // Closed loop: the referrer follows the status and may cancel while open.
      await triageReferral(t, mine.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }] });
      const cancelled = await t.http().post(`/api/v1/referrals/${mine.id}/cancel`).set('Authorization', colleague).send({ reason: 'Admitted instead' }).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', closedReason: 'Admitted instead' });
      expect(cancelled.body.destinations[0].status).toBe('cancelled');
      const again = await t.http().post(`/api/v1/referrals/${mine.id}/cancel`).set('Authorization', colleague).send({ reason: 'x' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
      // The rapid response team lost its relationship when the referral closed.
      await t.http().get(`/api/v1/referrals/${mine.id}`).set('Authorization', await clinician(t, ['RR-DD'])).expect(404);
    });

    it('may not cancel a completed referral, and care staff may not cancel at all', async () => {
      const patient = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1940-12-10' };
      const r = await createReferral(t, referralBody({ nhsNumber: await createPatient(t), patient }), await referrer(t, 'ZEKHT'));
      await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }] });
      const rr = await clinician(t, ['RR-DD']);
      await t.http().post(`/api/v1/referrals/${r.id}/cancel`).set('Authorization', rr).send({ reason: 'x' }).expect(403);
      await t.http().post(`/api/v1/referrals/${r.id}/first-contact`).set('Authorization', rr).send({}).expect(200);
      await t.http().post(`/api/v1/referrals/${r.id}/complete`).set('Authorization', rr).send({ outcome: 'admitted_to_hospital' }).expect(200);
      const res = await t.http().post(`/api/v1/referrals/${r.id}/cancel`).set('Authorization', await referrer(t, 'ZEKHT')).send({ reason: 'x' });
      expect(res.status).toBe(409);
    });

    it('needs an org claim to refer', async () => {
      const token = await bearer(t, { roles: ['referrer'] });
      await t.http().post('/api/v1/referrals').set('Authorization', token).send(referralBody({ nhsNumber: await createPatient(t) })).expect(403);
    });
  });

  describe('access', () => {
    it('hides a referral from an unrelated clinician (audited as denied) and lets the practice team see it', async () => {
      const r = await createReferral(t, referralBody({ nhsNumber: await createPatient(t) }));
      const unrelated = await clinician(t, ['NCT-B']);
      const res = await t.http().get(`/api/v1/referrals/${r.id}`).set('Authorization', unrelated).expect(404);
      expect(res.body.code).toBe('REFERRAL_NOT_FOUND');
      const missing = await t.http().get('/api/v1/referrals/00000000-0000-4000-8000-000000000000').set('Authorization', unrelated).expect(404);
      expect(missing.body.code).toBe(res.body.code);
      const [denied] = await t.db.query(`SELECT outcome, actor_sub FROM audit_events WHERE resource_id = $1 AND action = 'referral.read'`, [r.id]);
      expect(denied).toEqual({ outcome: 'denied', actor_sub: 'clin-NCT-B' });
      const practiceTeam = await t.http().get(`/api/v1/referrals/${r.id}`).set('Authorization', await clinician(t, ['NCT-A'])).expect(200);
      expect(practiceTeam.body.patient).toMatchObject({ familyName: 'Lovelace' });
      // Care staff list their teams' routed parts only, and only their own teams.
      await t.http().get('/api/v1/referrals?team=NCT-A').set('Authorization', unrelated).expect(403);
      expect((await t.http().get('/api/v1/referrals').set('Authorization', unrelated).expect(200)).body.items).toEqual([]);
    });

    it('answers 403 to roles without the permission', async () => {
      const commissioner = await bearer(t, { roles: ['commissioner'] });
      await t.http().get('/api/v1/referrals').set('Authorization', commissioner).expect(403);
      await t.http().post('/api/v1/referrals').set('Authorization', commissioner).send({}).expect(403);
      const r = await createReferral(t, referralBody({ nhsNumber: await createPatient(t) }));
      await t.http().post(`/api/v1/referrals/${r.id}/triage`).set('Authorization', await clinician(t, ['NCT-A'])).send({ decision: 'decline', reason: 'x' }).expect(403);
    });
  });

  describe('the queue', () => {
    it('puts breached first, then respondBy ascending, pages with a cursor and filters', async () => {
      const base = Date.now();
      const at = (hoursAgo: number) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(base - hoursAgo * 3_600_000));
      const nhs = await createPatient(t);
      at(30);
      const urgentBreached = await createReferral(t, referralBody({ nhsNumber: nhs, urgency: 'urgent', requestedService: 'social_care' })); // due 6 h ago
      at(3);
      const crisisBreached = await createReferral(t, referralBody({ nhsNumber: nhs, urgency: 'crisis', requestedService: 'rapid_response' })); // due 1 h ago
      at(1);
      const crisisDue = await createReferral(t, referralBody({ nhsNumber: nhs, urgency: 'crisis', requestedService: 'falls_prevention' })); // due in 1 h
      at(0);
      const routine = await createReferral(t, referralBody({ nhsNumber: await createPatient(t), urgency: 'routine' }));
      const urgent = await createReferral(t, referralBody({ nhsNumber: await createPatient(t), urgency: 'urgent' }));
      const closed = await createReferral(t, referralBody({ nhsNumber: await createPatient(t), urgency: 'crisis' }));
      await triageReferral(t, closed.id, { decision: 'decline', reason: 'Not eligible' });
      jest.restoreAllMocks();

      const nav = await navigator(t);
      const ids = async (query: string) => {
        const res = await t.http().get(`/api/v1/referrals${query}`).set('Authorization', nav).expect(200);
        return res.body.items.map((i: { id: string }) => i.id);
      };
      const expected = [urgentBreached.id, crisisBreached.id, crisisDue.id, urgent.id, routine.id];
      expect(await ids('')).toEqual(expected);

      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
          .http()
          .get(`/api/v1/referrals?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set('Authorization', nav)
          .expect(200);
        pages.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(pages).toEqual(expected);

      expect(await ids('?breached=true')).toEqual([urgentBreached.id, crisisBreached.id]);
      expect(await ids('?breached=false')).toEqual([crisisDue.id, urgent.id, routine.id]);
      expect(await ids('?urgency=crisis')).toEqual([crisisBreached.id, crisisDue.id]);
      expect(await ids(`?nhsNumber=${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)).toEqual([urgentBreached.id, crisisBreached.id, crisisDue.id]);
      expect(await ids('?status=declined')).toEqual([closed.id]);
      expect((await ids('?status=all')).length).toBe(6);

      await triageReferral(t, crisisDue.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }] });
      expect(await ids('?unassigned=true')).toEqual(expected);
      await t.http().post(`/api/v1/referrals/${crisisDue.id}/accept`).set('Authorization', await clinician(t, ['RR-DD'])).send({}).expect(200);
      expect(await ids('?unassigned=true')).toEqual([urgentBreached.id, crisisBreached.id, urgent.id, routine.id]);
      expect(await ids('?team=RR-DD')).toEqual([crisisDue.id]);
      expect(await ids('?team=RR-DD&unassigned=true')).toEqual([]);

      // A stopped clock keeps its place: contacted in time is never breached, contacted late always is.
      const rr = await clinician(t, ['RR-DD']);
      await t.http().post(`/api/v1/referrals/${crisisDue.id}/first-contact`).set('Authorization', rr).send({}).expect(200);
      await triageReferral(t, crisisBreached.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }] });
      await t.http().post(`/api/v1/referrals/${crisisBreached.id}/first-contact`).set('Authorization', rr).send({}).expect(200);
      expect(await ids('')).toEqual(expected);
      expect(await ids('?breached=true')).toEqual([urgentBreached.id, crisisBreached.id]);
      expect(await ids('?team=RR-DD')).toEqual([crisisBreached.id, crisisDue.id]);
      expect(await ids('?team=RR-DD&breached=false')).toEqual([crisisDue.id]);

      const bad = await t.http().get('/api/v1/referrals?cursor=nope&breached=maybe').set('Authorization', nav);
      expect(bad.status).toBe(400);
      const audited = await count(`audit_events WHERE action = 'referral.list'`);
      expect(audited).toBeGreaterThan(0);
    });
  });
});
