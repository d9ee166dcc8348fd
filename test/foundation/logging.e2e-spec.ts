import { PassThrough } from 'node:stream';
import { TestApp, createTestApp } from '../support/app';
import { createWorld, patientBody } from '../support/factories';

describe('logs carry events, never patient data', () => {
  let t: TestApp;
  let output = '';
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk) => {
      output += chunk.toString();
    });
    t = await createTestApp({ LOG_LEVEL: 'info' }, { logStream: stream });
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  it('logs each request as JSON with its correlation id and without NHS numbers, names, dates of birth, addresses or tokens', async () => {
    const nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
    const auth = `Bearer ${nav}`;
    const body = patientBody({ givenName: 'Wilhelmina', familyName: 'Fotheringay', dateOfBirth: '1931-03-14', address: { line1: '7 Quayside', town: 'Deal', postcode: 'CT14 6XY' } });
    await t.http().put('/api/v1/patients/999%20000%200018').set('Authorization', auth).set('x-request-id', 'corr-log-1').send(body).expect(201);
    await t.http().get('/api/v1/patients/9990000018').set('Authorization', auth).expect(200);
    await t.http().get('/api/v1/patients?search=Fotheringay 1931-03-14').set('Authorization', auth).expect(200);
    await t.http().put('/api/v1/patients/9990000018').set('Authorization', auth).send({ ...body, dateOfBirth: 'Fotheringay' }).expect(400);
    await new Promise((r) => setTimeout(r, 50));

    const lines = output.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const parsed = lines.map((l) => JSON.parse(l));
    // the path is masked; the completion line names the route pattern
    expect(parsed.some((l) => l.req?.id === 'corr-log-1' && l.req?.url === '/api/v1/patients/[redacted]' && l.route === '/api/v1/patients/:nhsNumber')).toBe(true);
    // every line names the service, the process and the host, request lines as well as others
    for (const l of parsed) expect(l).toMatchObject({ service: 'care-coordination', pid: expect.any(Number), hostname: expect.any(String) });
    for (const secret of ['9990000018', '999 000 0018', '999%20000%200018', 'Wilhelmina', 'Fotheringay', '1931-03-14', 'Quayside', 'CT14', nav]) {
      expect(output).not.toContain(secret);
    }
  });

  it('masks NHS numbers in punctuated and encoded spellings, on matched and unmatched paths (issue 12 item 6)', async () => {
    const nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
    const spellings = ['9-9-9-1-0-0-0-0-0-3', '999.100.0003', '999_100_0003', '999%2D100%2D0003', '999%2520100%25200003', '99910%2000003', '999+100+0003'];
    for (const s of spellings) {
      await t.http().get(`/api/v1/patients/${s}`).set('Authorization', `Bearer ${nav}`);
      await t.http().get(`/api/v1/nowhere/${s}`).set('Authorization', `Bearer ${nav}`);
      await t.http().get(`/elsewhere/${s}/x`);
    }
    await new Promise((r) => setTimeout(r, 50));
    const digitsOnly = output.replace(/[^0-9]/g, '');
    expect(digitsOnly).not.toContain('9991000003');
    for (const s of spellings) expect(output).not.toContain(s);
  });
});
