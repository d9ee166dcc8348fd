import { Fhir } from 'fhir';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient, createReferral, createTeam, nextNhsNumber, referralBody } from '../support/factories';
import { HOSPITAL, admit, createAdmissionWorld, daysAgo } from '../admissions/support';

const fhir = new Fhir();
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';

function encounter(o: { id: string; nhsNumber?: string; subjectRef?: string; status?: string; cls?: string; start: Date; end?: Date; disposition?: string; ward?: string }) {
  return {
    resourceType: 'Encounter',
    identifier: [{ system: 'https://rhosp1.example.nhs.uk/Id/spell', value: o.id }],
    status: o.status ?? 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: o.cls ?? 'IMP' },
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM' }] },
    subject: o.subjectRef ? { reference: o.subjectRef } : { identifier: { system: NHS, value: o.nhsNumber } },
    serviceProvider: { identifier: { system: ODS, value: HOSPITAL } },
    period: { start: o.start.toISOString(), ...(o.end ? { end: o.end.toISOString() } : {}) },
    ...(o.disposition ? { hospitalization: { dischargeDisposition: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/discharge-destination', code: o.disposition }] } } } : {}),
    ...(o.ward ? { location: [{ location: { display: o.ward } }] } : {}),
  };
}

describe('FHIR R4 Encounter door', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });

  const idt = () => bearer(t, { sub: 'pas-fhir', roles: ['discharge_coordinator'], org: HOSPITAL });
  const post = async (path: string, body: unknown) =>
    t.http().post(path).set('Authorization', await idt()).set('Content-Type', 'application/fhir+json').send(JSON.stringify(body));
  const admissionsOf = (nhsNumber: string) =>
    t.db.query(`SELECT a.status, a.destination, a.ward, a.alerts_raised, a.known_to FROM admissions a JOIN patients p ON p.id = a.patient_id WHERE p.nhs_number = $1`, [nhsNumber]);

  it('an in-progress Encounter admits like POST /admissions; repeating it changes nothing; finished discharges', async () => {
    const viaRest = await createPatient(t);
    await createReferral(t, referralBody({ nhsNumber: viaRest }));
    const viaFhir = await createPatient(t);
    await createReferral(t, referralBody({ nhsNumber: viaFhir }));
    const start = daysAgo(2);
    const rest = await admit(t, { nhsNumber: viaRest, admittedAt: start.toISOString() });
    const body = encounter({ id: 'S1', nhsNumber: viaFhir, start, ward: 'W12' });
    expect(fhir.validate(body).valid).toBe(true);

    const first = await post('/fhir/R4/Encounter', body);
    expect(first.status).toBe(201);
    expect(first.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(first.headers.location).toBe(`/fhir/R4/Encounter/${first.body.id}`);
    expect(fhir.validate(first.body).valid).toBe(true);
    const [a] = await admissionsOf(viaFhir);
    expect(a).toMatchObject({ status: 'inpatient', ward: 'W12', alerts_raised: rest.body.alertsRaised });
    expect(a.known_to).toEqual(rest.body.knownTo);

    const again = await post('/fhir/R4/Encounter', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM alerts WHERE type = 'admission'`)).toEqual([{ n: 2 }]); // the involved SPoA (open referral) for each; practice alignment alone alerts no one

    const end = new Date(start.getTime() + 30 * 3_600_000);
    const done = await post('/fhir/R4/Encounter', encounter({ id: 'S1', nhsNumber: viaFhir, start, end, status: 'finished', disposition: '54' }));
    expect(done.status).toBe(200);
    expect(await admissionsOf(viaFhir)).toEqual([expect.objectContaining({ status: 'discharged', destination: 'care_home_new' })]);
  });

  it('a transaction Bundle of Patient + Encounter creates the patient we did not hold, and answers a transaction-response', async () => {
    const nhsNumber = nextNhsNumber();
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:8f2a7c1e-0d7e-4c55-9a43-6a1b0c1f9e11',
          resource: {
            resourceType: 'Patient',
            identifier: [{ system: NHS, value: nhsNumber }],
            name: [{ family: 'Babbage', given: ['Charles'] }],
            gender: 'male',
            birthDate: '1938-12-26',
            address: [{ line: ['2 Harbour Street'], city: 'Dover', postalCode: 'CT16 1AB' }],
          },
          request: { method: 'PUT', url: `Patient?identifier=${NHS}|${nhsNumber}` },
        },
        {
          fullUrl: 'urn:uuid:1d3c1c52-6a31-44a5-8f6c-4b6a3d5e7f20',
          resource: encounter({ id: 'S2', subjectRef: 'urn:uuid:8f2a7c1e-0d7e-4c55-9a43-6a1b0c1f9e11', start: daysAgo(1) }),
          request: { method: 'POST', url: 'Encounter' },
        },
      ],
    };
    expect(fhir.validate(bundle).valid).toBe(true);
    const res = await post('/fhir/R4', bundle);
    expect(res.status).toBe(200);
    expect(fhir.validate(res.body).valid).toBe(true);
    expect(res.body.entry[1].response.status).toBe('201 Created');
    const [p] = await t.db.query('SELECT given_name, family_name, sex FROM patients WHERE nhs_number = $1', [nhsNumber]);
    expect(p).toEqual({ given_name: 'Charles', family_name: 'Babbage', sex: 'male' });
    expect(await admissionsOf(nhsNumber)).toEqual([expect.objectContaining({ status: 'inpatient' })]);
    const replay = await post('/fhir/R4', bundle);
    expect(replay.body.entry[1].response.status).toBe('200 OK');
    expect(await admissionsOf(nhsNumber)).toHaveLength(1);
  });

  it('an EMER encounter of a known patient starts the in-reach clock; finished stops it', async () => {
    await createTeam(t, { code: 'RR-DD', type: 'rapid_response', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
    const nhsNumber = await createPatient(t);
    await createReferral(t, referralBody({ nhsNumber }));
    const start = new Date(Date.now() - 3_600_000);
    expect((await post('/fhir/R4/Encounter', encounter({ id: 'E1', nhsNumber, cls: 'EMER', status: 'arrived', start }))).status).toBe(201);
    expect(await t.db.query(`SELECT status, team_codes FROM ae_attendances`)).toEqual([{ status: 'waiting', team_codes: ['RR-DD', 'SPOA'] }]);
    await post('/fhir/R4/Encounter', encounter({ id: 'E1', nhsNumber, cls: 'EMER', status: 'finished', start, end: new Date() }));
    expect(await t.db.query(`SELECT status FROM ae_attendances`)).toEqual([{ status: 'left' }]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM admissions')).toEqual([{ n: 0 }]);
  });

  it('answers bad input with a valid OperationOutcome (400, 401, 404 route, 415) and changes nothing', async () => {
    const nhsNumber = await createPatient(t);
    const bad = { ...encounter({ id: 'X1', nhsNumber, start: daysAgo(1) }), status: 'ongoing', period: { start: 'yesterday' } };
    const res = await post('/fhir/R4/Encounter', bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue.filter((i: { expression?: string[] }) => i.expression).map((i: { expression: string[] }) => i.expression[0]).sort()).toEqual(['Encounter.period.start', 'Encounter.status']);
    expect(res.body.issue[0].details.coding[0].code).toBe('VALIDATION_FAILED');
    expect(fhir.validate(res.body).valid).toBe(true);

    const unknownPatient = await post('/fhir/R4/Encounter', encounter({ id: 'X2', nhsNumber: nextNhsNumber(), start: daysAgo(1) }));
    expect(unknownPatient.status).toBe(400);
    expect(unknownPatient.body.issue).toEqual(expect.arrayContaining([expect.objectContaining({ expression: ['Encounter.subject'] })]));

    const noAuth = await t.http().post('/fhir/R4/Encounter').set('Content-Type', 'application/fhir+json').send('{}');
    expect(noAuth.status).toBe(401);
    expect(noAuth.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [expect.objectContaining({ code: 'login' })] });
    const text = await t.http().post('/fhir/R4/Encounter').set('Authorization', await idt()).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(text.body.resourceType).toBe('OperationOutcome');
    const nowhere = await t.http().get('/fhir/R4/Nothing').set('Authorization', await idt());
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.resourceType).toBe('OperationOutcome');
    expect(await t.db.query('SELECT count(*)::int AS n FROM admissions')).toEqual([{ n: 0 }]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM fhir_encounters')).toEqual([{ n: 0 }]);
  });
});
