import { PassThrough } from 'node:stream';
import { TestApp, createTestApp } from '../support/app';
import { fhirWorld } from './support';

describe('FHIR and sign-in requests log no patient data', () => {
  let t: TestApp;
  let output = '';
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk) => {
      output += chunk.toString();
    });
    t = await createTestApp({ LOG_LEVEL: 'info' }, { logStream: stream });
    await t.truncate();
  });
  afterAll(() => t.close());

  it('masks NHS numbers in FHIR paths and drops search parameters, including on errors', async () => {
    const w = await fhirWorld(t);
    output = '';
    const spaced = `${w.nhs.slice(0, 3)} ${w.nhs.slice(3, 6)} ${w.nhs.slice(6)}`;
    await t.http().get(`/fhir/R4/Patient/${w.nhs}`).set('Authorization', w.nav).expect(200);
    await t.http().get(`/fhir/R4/CarePlan/${w.nhs}`).set('Authorization', w.nurseA).expect(200);
    await t.http().get(`/fhir/R4/ServiceRequest?patient=Patient/${w.nhs}&_include=ServiceRequest:patient`).set('Authorization', w.nav).expect(200);
    await t.http().get(`/fhir/R4/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${encodeURIComponent(spaced)}`).set('Authorization', w.nav).expect(200);
    await t.http().get('/fhir/R4/Patient?family=Lovelace&birthdate=1940-12-10').set('Authorization', w.nav).expect(200);
    await t.http().get(`/fhir/R4/Patient/${w.nhs}`).expect(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain('/fhir/R4/');
    for (const secret of [w.nhs, spaced, encodeURIComponent(spaced), 'Lovelace', '1940-12-10', 'Harbour Street']) expect(output).not.toContain(secret);
  });
});
