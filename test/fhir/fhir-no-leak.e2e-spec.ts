import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { TestApp, createTestApp } from '../support/app';
import { bearer } from '../support/factories';
import { fhirWorld } from './support';

/** Every GET route under /fhir/R4, read from the controllers (so a new route cannot be missed). */
function fhirRoutes(t: TestApp): string[] {
  const routes: string[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: unknown[]) => object) | undefined;
      if (!cls?.prototype || Reflect.getMetadata(PATH_METADATA, cls) !== 'fhir/R4') continue;
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = cls.prototype[name as keyof object] as unknown;
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
        routes.push(Reflect.getMetadata(PATH_METADATA, handler) as string);
      }
    }
  }
  return routes.sort();
}

describe('FHIR API never shows a patient to someone without a relationship', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof fhirWorld>>;
  let followUpTaskId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    w = await fhirWorld(t);
    const tasks = await t.http().get('/fhir/R4/Task').set('Authorization', w.nurseA).expect(200);
    followUpTaskId = tasks.body.entry[0].resource.id;
  });
  afterAll(() => t.close());

  /** For each route, the requests a stranger tries: reads of this patient's resources, searches for this patient. */
  function attempts(route: string): string[] {
    const ids: Record<string, string[]> = {
      Patient: [w.nhs],
      ServiceRequest: [w.referralId, w.partId],
      Task: [`triage-${w.referralId}`, followUpTaskId],
      Encounter: [w.admissionId],
      CarePlan: [w.nhs],
      Consent: [w.nhs],
      EpisodeOfCare: [w.episodeId],
      Location: [w.bedId],
      Organization: ['P00001'],
      HealthcareService: ['NCT-A'],
    };
    const [type, param] = route.split('/');
    if (route === 'metadata') return ['metadata'];
    if (param === ':id') return (ids[type] ?? ['missing-id-table-entry']).map((id) => `${type}/${id}`);
    if (type === 'Patient') return [`Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${w.nhs}`, `Patient?_id=${w.nhs}`, 'Patient?family=Lovelace&birthdate=1940-12-10'];
    if (['Organization', 'HealthcareService', 'Location'].includes(type)) return [type];
    const searches = [`${type}?patient=${w.nhs}`, `${type}?patient=${w.nhs}&_include=${type}:patient`];
    if (type === 'Task') searches.push(`Task?code=triage&patient=${w.nhs}`, 'Task?code=triage', 'Task');
    if (['ServiceRequest', 'Encounter'].includes(type)) searches.push(type);
    return searches;
  }

  it('enumerates every FHIR route', () => {
    const routes = fhirRoutes(t);
    expect(routes).toContain('metadata');
    expect(routes.length).toBe(22);
    for (const r of routes) expect(attempts(r).join()).not.toContain('missing-id-table-entry');
  });

  it.each([
    ['a clinician in a team with no relationship', { sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'], org: 'TRUST1' }],
    ['a GP of another practice', { sub: 'gp-b', roles: ['gp'], teams: ['NCT-B'], org: 'P00002' }],
    ['a care coordinator in another team', { sub: 'cc-b', roles: ['care_coordinator'], teams: ['NCT-B'], org: 'TRUST1' }],
    ['a bed manager of another unit', { sub: 'bm-9', roles: ['bed_manager'], teams: ['ELSEWHERE'] }],
    ['a referrer from another organisation', { sub: 'ref-x', roles: ['referrer'], org: 'P00002' }],
    ['a commissioner', { sub: 'com-1', roles: ['commissioner'] }],
  ])('%s gets 404, 403 or an empty Bundle on every route, never the data', async (_, claims) => {
    const token = await bearer(t, claims);
    const seen: string[] = [];
    for (const route of fhirRoutes(t)) {
      for (const path of attempts(route)) {
        const res = await t.http().get(`/fhir/R4/${path}`).set('Authorization', token);
        // The Bundle's self link echoes the caller's own query; everything else must not name the patient.
        const text = JSON.stringify({ ...res.body, link: undefined });
        const leaked = text.includes(w.nhs) || text.includes('Lovelace') || text.includes('Harbour Street');
        const allowed = res.status === 404 || res.status === 403 || (res.status === 200 && (res.body.resourceType === 'Bundle' || !path.includes(w.nhs)));
        if (leaked || !allowed) seen.push(`${path} -> ${res.status} ${text.slice(0, 200)}`);
        if (res.status === 200 && res.body.resourceType === 'Bundle' && path.includes(w.nhs) && res.body.entry !== undefined) seen.push(`${path} -> non-empty Bundle`);
      }
    }
    expect(seen).toEqual([]);
  });

  it('the same attempts by the patient\u2019s own team do reach the data (so the check above can fail)', async () => {
    const found: string[] = [];
    for (const route of fhirRoutes(t)) {
      for (const path of attempts(route)) {
        const res = await t.http().get(`/fhir/R4/${path}`).set('Authorization', w.nurseA);
        if (JSON.stringify({ ...res.body, link: undefined }).includes(w.nhs)) found.push(route.split('/')[0]);
      }
    }
    expect([...new Set(found)].sort()).toEqual(['CarePlan', 'Consent', 'EpisodeOfCare', 'Flag', 'Patient', 'ServiceRequest', 'Task']);
  });

  it('a stranger\u2019s FHIR attempts are audited as denied patient reads, like REST', async () => {
    const token = await bearer(t, { sub: 'cl-stranger', roles: ['clinician'], teams: ['NCT-B'] });
    await t.http().get(`/fhir/R4/Patient/${w.nhs}`).set('Authorization', token).expect(404);
    const auditor = await bearer(t, { sub: 'aud-1', roles: ['auditor'] });
    const audit = await t.http().get(`/api/v1/audit-events?nhsNumber=${w.nhs}&actor=cl-stranger`).set('Authorization', auditor).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'patient.read', outcome: 'denied' })]);
  });

  it('break-glass through FHIR is the same audited, alerted access as through REST', async () => {
    const token = await bearer(t, { sub: 'cl-glass', roles: ['clinician'], teams: ['NCT-B'] });
    const res = await t.http().get(`/fhir/R4/Patient/${w.nhs}`).set('Authorization', token).set('X-Access-Reason', 'attending a fall at home').expect(200);
    expect(res.body.id).toBe(w.nhs);
    const auditor = await bearer(t, { sub: 'aud-1', roles: ['auditor'] });
    const audit = await t.http().get(`/api/v1/audit-events?nhsNumber=${w.nhs}&actor=cl-glass`).set('Authorization', auditor).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'patient.read', outcome: 'break_glass' })]);
  });
});
