import { PassThrough } from 'node:stream';
import { BedSweeper } from '../../src/modules/beds/bed-sweeper';
import { TestApp, createTestApp } from '../support/app';
import { createPatient } from '../support/factories';
import { addBeds, as, bedTokens, bedWorld, createUnit } from './beds-fixtures';

describe('beds: logs carry events, never patient data', () => {
  let t: TestApp;
  let output = '';
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk) => {
      output += chunk.toString();
    });
    t = await createTestApp({ LOG_LEVEL: 'info', BEDS_SWEEP_INTERVAL_SECONDS: '0' }, { logStream: stream });
    await t.truncate();
    await bedWorld(t);
  });
  afterAll(() => t.close());

  it('logs bed requests, offers, stays, the board and the sweep without NHS numbers or names', async () => {
    const tok = await bedTokens(t);
    const unit = await createUnit(t, tok.manager);
    await addBeds(t, tok.manager, unit.id, 1);
    const nhs = await createPatient(t, { givenName: 'Wilhelmina', familyName: 'Fotheringay', dateOfBirth: '1931-03-14' });
    const other = await createPatient(t, { givenName: 'Ebenezer', familyName: 'Quartermaine', dateOfBirth: '1929-07-01' });
    const r = (await as(t, tok.idt).post('/bed-requests', { nhsNumber: nhs, direction: 'step_down' }).expect(201)).body;
    await as(t, tok.idt).post('/bed-requests', { nhsNumber: other, direction: 'step_up', earliestAt: new Date(Date.now() - 1000).toISOString() }).expect(201);
    await as(t, tok.idt).post('/bed-requests', { nhsNumber: nhs, direction: 'step_up' }).expect(409);
    await as(t, tok.manager).get('/beds').expect(200);
    await as(t, tok.manager).get('/bed-requests').expect(200);
    await as(t, tok.manager).post(`/bed-stays/${r.stay.id}/admit`, {}).expect(200);
    await as(t, tok.manager).post(`/bed-stays/${r.stay.id}/discharge`, { destination: 'usual_residence' }).expect(200);
    await t.app.get(BedSweeper).sweep();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output.trim().split('\n').length).toBeGreaterThanOrEqual(8);
    for (const secret of [nhs, other, 'Wilhelmina', 'Fotheringay', 'Ebenezer', 'Quartermaine', '1931-03-14', '1929-07-01']) {
      expect(output).not.toContain(secret);
    }
  });
});
