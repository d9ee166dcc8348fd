import { TestApp, createTestApp } from '../support/app';
import { bearer } from '../support/factories';
import { fhirWorld } from './support';
import { expectValidFhir } from './validate';

// biome-ignore lint/suspicious/noExplicitAny: FHIR JSON read back in assertions
type Resource = Record<string, any>;
type Bundle = { resourceType: string; link: { relation: string; url: string }[]; entry?: { fullUrl: string; resource: Resource; search: { mode: string } }[] };

describe('FHIR R4 read API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof fhirWorld>>;
  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    w = await fhirWorld(t);
  });
  afterAll(() => t.close());

  const get = (token: string | undefined, path: string) => {
    const req = t.http().get(`/fhir/R4/${path}`);
    if (token) req.set('Authorization', token);
    return req;
  };
  const resources = (b: Bundle, mode = 'match') => (b.entry ?? []).filter((e) => e.search.mode === mode).map((e) => e.resource);

  it('serves a public CapabilityStatement listing the types, interactions and search parameters', async () => {
    const res = await get(undefined, 'metadata').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expectValidFhir(res.body);
    const types = res.body.rest[0].resource.map((r: { type: string }) => r.type);
    expect(types).toEqual(expect.arrayContaining(['Patient', 'ServiceRequest', 'Task', 'Flag', 'Encounter', 'CarePlan', 'Consent', 'EpisodeOfCare', 'Location', 'Organization', 'HealthcareService']));
    const flag = res.body.rest[0].resource.find((r: { type: string }) => r.type === 'Flag');
    expect(flag.interaction).toEqual([{ code: 'search-type' }]);
    expect(flag.searchParam.map((p: { name: string }) => p.name)).toContain('patient');
  });

  it('reads a UK Core Patient (NHS number with verification status, GP by ODS code) and audits it as a patient read', async () => {
    const res = await get(w.nav, `Patient/${w.nhs}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expectValidFhir(res.body);
    expect(res.body).toMatchObject({
      resourceType: 'Patient',
      id: w.nhs,
      identifier: [
        {
          system: 'https://fhir.nhs.uk/Id/nhs-number',
          value: w.nhs,
          extension: [{ url: expect.stringContaining('NHSNumberVerificationStatus'), valueCodeableConcept: { coding: [{ code: '01' }] } }],
        },
      ],
      name: [{ family: 'Lovelace', given: ['Ada'] }],
      gender: 'female',
      birthDate: '1940-12-10',
      address: [{ line: ['1 Harbour Street'], city: 'Dover', postalCode: 'CT16 1AA' }],
      generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'P00001' } }],
    });
    const auditor = await bearer(t, { sub: 'aud-1', roles: ['auditor'] });
    const audit = await t.http().get(`/api/v1/audit-events?nhsNumber=${w.nhs}&actor=nav-1`).set('Authorization', auditor).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('patient.read');
  });

  it('searches Patient by identifier and by family + birthdate; an unknown NHS number is an empty Bundle', async () => {
    const byId = await get(w.nav, `Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${w.nhs}`).expect(200);
    expectValidFhir(byId.body);
    expect(resources(byId.body).map((r) => r.id)).toEqual([w.nhs]);
    const byName = await get(w.nav, 'Patient?family=Lovelace&birthdate=1940-12-10').expect(200);
    expect(resources(byName.body).map((r) => r.id)).toContain(w.nhs);
    const none = await get(w.nav, 'Patient?identifier=9990000018').expect(200);
    expect(none.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(none.body.entry).toBeUndefined();
  });

  it('gives a referral and its routed part as ServiceRequests, with the Patient on _include', async () => {
    const res = await get(w.nav, `ServiceRequest?patient=Patient/${w.nhs}&_include=ServiceRequest:patient`).expect(200);
    expectValidFhir(res.body);
    const matches = resources(res.body);
    const referral = matches.find((r) => r.id === w.referralId);
    expect(referral).toMatchObject({ status: 'active', intent: 'order', priority: 'urgent', subject: { reference: `Patient/${w.nhs}` }, performer: [{ reference: 'HealthcareService/SPOA' }] });
    const part = matches.find((r) => r.id === w.partId);
    expect(part).toMatchObject({
      basedOn: [{ reference: `ServiceRequest/${w.referralId}` }],
      performer: [{ reference: 'HealthcareService/NCT-A' }],
      occurrenceDateTime: expect.any(String),
    });
    expect(matches.find((r) => r.id === w.secondReferralId)).toMatchObject({ priority: 'stat' });
    expect(resources(res.body, 'include').map((r) => r.id)).toEqual([w.nhs]);
    const read = await get(w.nurseA, `ServiceRequest/${w.partId}`).expect(200);
    expectValidFhir(read.body);
    expect(read.body.id).toBe(w.partId);
  });

  it('pages with Bundle next links (_count) until the last page', async () => {
    const first = await get(w.nav, `ServiceRequest?patient=${w.nhs}&_count=1`).expect(200);
    const next = first.body.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4\/ServiceRequest\?.*_cursor=/);
    const second = await get(w.nav, next.url.replace(/^.*\/fhir\/R4\//, '')).expect(200);
    const ids = [...resources(first.body), ...resources(second.body)].filter((r) => !r.basedOn).map((r) => r.id);
    expect(ids.sort()).toEqual([w.referralId, w.secondReferralId].sort());
    expect(second.body.link.find((l: { relation: string }) => l.relation === 'next')).toBeUndefined();
  });

  it('filters by status and _lastUpdated', async () => {
    const active = await get(w.nav, `ServiceRequest?patient=${w.nhs}&status=active`).expect(200);
    expect(resources(active.body).every((r) => r.status === 'active')).toBe(true);
    const future = await get(w.nav, `ServiceRequest?patient=${w.nhs}&_lastUpdated=gt2099-01-01`).expect(200);
    expect(future.body.entry).toBeUndefined();
    const past = await get(w.nav, `ServiceRequest?patient=${w.nhs}&_lastUpdated=ge2020-01-01`).expect(200);
    expect(resources(past.body).length).toBeGreaterThanOrEqual(3);
  });

  it('gives the triage step and team tasks as Tasks', async () => {
    const triage = await get(w.nav, `Task?code=triage&patient=${w.nhs}`).expect(200);
    expectValidFhir(triage.body);
    const byFocus = Object.fromEntries(resources(triage.body).map((r) => [r.focus.reference, r.status]));
    expect(byFocus).toEqual({ [`ServiceRequest/${w.referralId}`]: 'completed', [`ServiceRequest/${w.secondReferralId}`]: 'requested' });
    const one = await get(w.nav, `Task/triage-${w.secondReferralId}`).expect(200);
    expectValidFhir(one.body);
    expect(one.body).toMatchObject({ status: 'requested', owner: { reference: 'HealthcareService/SPOA' }, for: { reference: `Patient/${w.nhs}` } });

    const team = await get(w.nurseA, `Task?patient=${w.nhs}&_include=Task:patient`).expect(200);
    expectValidFhir(team.body);
    const followUp = resources(team.body).find((r) => r.focus?.reference === `Encounter/${w.admissionId}`);
    expect(followUp).toMatchObject({ status: 'ready', owner: { reference: 'HealthcareService/NCT-A' } });
    const read = await get(w.nurseA, `Task/${followUp?.id}`).expect(200);
    expectValidFhir(read.body);
  });

  it('gives open alerts as Flags', async () => {
    const res = await get(w.nurseA, `Flag?patient=${w.nhs}`).expect(200);
    expectValidFhir(res.body);
    const flags = resources(res.body);
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.map((f) => f.code.coding[0].code)).toContain('admission');
    expect(flags.every((f) => f.status === 'active' && f.subject.reference === `Patient/${w.nhs}`)).toBe(true);
  });

  it('gives admissions as Encounters with class, period and discharge disposition', async () => {
    const res = await get(w.idt, `Encounter?patient=${w.nhs}&_sort=-date`).expect(200);
    expectValidFhir(res.body);
    expect(resources(res.body)).toEqual([
      expect.objectContaining({
        id: w.admissionId,
        status: 'finished',
        class: expect.objectContaining({ code: 'IMP' }),
        period: { start: expect.any(String), end: expect.any(String) },
        hospitalization: expect.objectContaining({ dischargeDisposition: expect.objectContaining({ coding: [expect.objectContaining({ code: 'home' })] }) }),
        serviceProvider: expect.objectContaining({ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: w.hospital } }),
      }),
    ]);
    expectValidFhir((await get(w.idt, `Encounter/${w.admissionId}`).expect(200)).body);
    const inpatients = await get(w.idt, `Encounter?patient=${w.nhs}&status=in-progress`).expect(200);
    expect(inpatients.body.entry).toBeUndefined();
  });

  it('gives the care plan structured (contained goals, activities) and the consent', async () => {
    const plan = await get(w.nurseA, `CarePlan/${w.nhs}`).expect(200);
    expectValidFhir(plan.body);
    expect(plan.body.contained.map((g: { description: { text: string } }) => g.description.text)).toEqual(['Walk to the shop twice a week', 'Sleep downstairs safely']);
    expect(plan.body.goal).toEqual([{ reference: '#goal-1' }, { reference: '#goal-2' }]);
    expect(plan.body.activity.map((a: { detail: { description: string } }) => a.detail.description)).toEqual([
      'Call rapid response before 999',
      'Just-in-case medicines in the kitchen drawer',
    ]);
    const search = await get(w.nurseA, `CarePlan?patient=${w.nhs}&_include=CarePlan:patient`).expect(200);
    expectValidFhir(search.body);
    expect(resources(search.body, 'include')).toHaveLength(1);
    const consent = await get(w.nurseA, `Consent?patient=${w.nhs}`).expect(200);
    expectValidFhir(consent.body);
    expect(resources(consent.body)[0]).toMatchObject({ status: 'active', provision: { type: 'permit' }, dateTime: '2026-01-10T11:00:00.000Z' });
    expectValidFhir((await get(w.nurseA, `Consent/${w.nhs}`).expect(200)).body);
  });

  it('gives organisations, teams and bed units as Organization, HealthcareService and Location', async () => {
    const org = await get(w.nav, 'Organization/P00001').expect(200);
    expectValidFhir(org.body);
    expect(org.body.identifier).toEqual([{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'P00001' }]);
    const teams = await get(w.nav, 'HealthcareService?_count=2').expect(200);
    expectValidFhir(teams.body);
    expect(teams.body.link.map((l: { relation: string }) => l.relation)).toEqual(['self', 'next']);
    const team = await get(w.nav, 'HealthcareService/NCT-A').expect(200);
    expectValidFhir(team.body);
    expect(team.body).toMatchObject({ providedBy: { reference: 'Organization/TRUST1' }, availableTime: [{ allDay: true }] });
    const units = await get(w.bm, 'Location').expect(200);
    expectValidFhir(units.body);
    expect(resources(units.body).map((r) => r.id)).toEqual([w.unitId]);
    const beds = await get(w.bm, `Location?partof=Location/${w.unitId}`).expect(200);
    expectValidFhir(beds.body);
    expect(resources(beds.body)).toEqual([
      expect.objectContaining({ id: w.bedId, operationalStatus: expect.objectContaining({ code: 'U' }), partOf: expect.objectContaining({ reference: `Location/${w.unitId}` }) }),
    ]);
    expectValidFhir((await get(w.bm, `Location/${w.bedId}`).expect(200)).body);
    expectValidFhir((await get(w.bm, `Location/${w.unitId}`).expect(200)).body);
  });

  it('gives Pro-Active Care episodes as EpisodeOfCare with their status history', async () => {
    const read = await get(w.cc, `EpisodeOfCare/${w.episodeId}`).expect(200);
    expectValidFhir(read.body);
    expect(read.body).toMatchObject({
      status: 'planned',
      patient: { reference: `Patient/${w.nhs}` },
      managingOrganization: { identifier: { value: 'P00001' } },
      careManager: { identifier: { value: 'cc-1' } },
    });
    expect(read.body.statusHistory).toHaveLength(2);
    const search = await get(w.cc, `EpisodeOfCare?patient=${w.nhs}&_include=EpisodeOfCare:patient`).expect(200);
    expectValidFhir(search.body);
    expect(resources(search.body).map((r) => r.id)).toEqual([w.episodeId]);
  });

  it('answers errors as OperationOutcome', async () => {
    const unauth = await get(undefined, `Patient/${w.nhs}`).expect(401);
    expect(unauth.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expectValidFhir(unauth.body);
    expect(unauth.body.issue[0]).toMatchObject({ code: 'login', details: { coding: [{ code: 'UNAUTHENTICATED' }] } });
    const unknownParam = await get(w.nav, 'ServiceRequest?colour=blue').expect(400);
    expectValidFhir(unknownParam.body);
    expect(unknownParam.body.issue).toEqual(expect.arrayContaining([expect.objectContaining({ expression: ['colour'] })]));
    const badSort = await get(w.nav, 'ServiceRequest?_sort=_lastUpdated').expect(400);
    expect(badSort.body.issue[1].expression).toEqual(['_sort']);
    const badDate = await get(w.nav, `ServiceRequest?patient=${w.nhs}&_lastUpdated=yesterday`).expect(400);
    expect(badDate.body.issue[1].expression).toEqual(['_lastUpdated']);
    const badPatient = await get(w.nav, 'Flag?patient=1234567890').expect(400);
    expect(badPatient.body.resourceType).toBe('OperationOutcome');
    const missing = await get(w.nav, 'Encounter/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body.issue[0].code).toBe('not-found');
    for (const [token, path] of [[w.idt, 'Encounter/not-a-uuid'], [w.cc, 'EpisodeOfCare/x'], [w.nav, 'Task/triage-x'], [w.nav, 'Task/x'], [w.nav, 'ServiceRequest/x'], [w.bm, 'Location/x']]) {
      const res = await get(token, path);
      expect([path, res.status, res.body.resourceType]).toEqual([path, 404, 'OperationOutcome']);
    }
    const noRoute = await get(w.nav, 'Observation').expect(404);
    expect(noRoute.body.resourceType).toBe('OperationOutcome');
    const forbidden = await get(w.nurseA, `Encounter?patient=${w.nhs}`).expect(403);
    expect(forbidden.body.issue[0].code).toBe('forbidden');
  });
});
