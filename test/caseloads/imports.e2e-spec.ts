import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld, nextNhsNumber } from '../support/factories';
import { coordinator, generatePractice, gp, importJson } from './support';

describe('risk score imports and the built-in model', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });

  it('accepts good rows, lists every bad one, and a re-sent import changes nothing', async () => {
    const [a, b, c] = await generatePractice(t, 'P00001', 3);
    const [other] = await generatePractice(t, 'P00002', 1);
    const unknown = nextNhsNumber();
    const body = {
      practiceOds: 'P00001',
      model: 'eMIS-RS',
      computedAt: '2026-11-01T00:00:00Z',
      rows: [
        { nhsNumber: a, score: 0.91, emergencyAdmissions12m: 3 },
        { nhsNumber: '9990000019', score: 0.5 },
        { nhsNumber: b, score: 'high' },
        { nhsNumber: other, score: 0.4 },
        { nhsNumber: unknown, score: 0.4 },
        { nhsNumber: `${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6)}`, score: 0.2 },
        { nhsNumber: a, score: 0.1 },
        { nhsNumber: b, score: 0.33, nested: { no: true } },
      ],
    };
    const token = await gp(t);
    const first = await importJson(t, token, body);
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/risk-scores/imports/${first.body.importId}`);
    expect(first.body).toMatchObject({ accepted: 2, replayed: false });
    expect(first.body.rejected).toEqual([
      { row: 2, nhsNumber: '9990000019', code: 'NHS_NUMBER_INVALID', message: expect.any(String) },
      { row: 3, nhsNumber: b, code: 'SCORE_INVALID', message: expect.any(String) },
      { row: 4, nhsNumber: other, code: 'PATIENT_NOT_AT_PRACTICE', message: expect.any(String) },
      { row: 5, nhsNumber: unknown, code: 'PATIENT_NOT_AT_PRACTICE', message: expect.any(String) },
      { row: 7, nhsNumber: a, code: 'DUPLICATE_ROW', message: expect.any(String) },
      { row: 8, nhsNumber: b, code: 'FACTORS_INVALID', message: expect.any(String) },
    ]);

    const again = await importJson(t, token, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM risk_scores');
    expect(count).toBe(2);
    expect((await t.db.query('SELECT count(*)::int AS n FROM risk_score_imports'))[0].n).toBe(1);

    const stored = await t.http().get(`/api/v1/risk-scores/imports/${first.body.importId}`).set('Authorization', token).expect(200);
    expect(stored.body).toMatchObject({ accepted: 2, practiceOds: 'P00001', model: 'eMIS-RS', computedAt: '2026-11-01T00:00:00.000Z' });

    // Every imported patient's write is audited.
    const audited = await t.db.query(`SELECT nhs_number FROM audit_events WHERE action = 'risk_score.import' ORDER BY nhs_number`);
    expect(audited.map((r: { nhs_number: string }) => r.nhs_number)).toEqual([a, c].sort());
  });

  it('stores one import when the same one is sent twice at once', async () => {
    const nhs = await generatePractice(t, 'P00001', 20);
    const body = { practiceOds: 'P00001', model: 'M', computedAt: '2026-11-01T00:00:00Z', rows: nhs.map((n, i) => ({ nhsNumber: n, score: i })) };
    const token = await gp(t);
    const answers = await Promise.all([importJson(t, token, body), importJson(t, token, body), importJson(t, token, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.importId)).size).toBe(1);
    expect(answers.every((a) => a.body.accepted === 20)).toBe(true);
    expect((await t.db.query('SELECT count(*)::int AS n FROM risk_scores'))[0].n).toBe(20);
  });

  it('imports CSV with a header row, reporting bad lines by line number', async () => {
    const [a, b] = await generatePractice(t, 'P00001', 2);
    const csv = ['nhs_number,score,efi,lives_alone', `${a},12.5,0.3,true`, `"${b}",7,"0.1"`, '9990000019,3,,', `${b},oops,,`, `${b},4,0.2,false`, ''].join('\r\n');
    const res = await t
      .http()
      .post('/api/v1/risk-scores/imports?practiceOds=P00001&model=ACG&computedAt=2026-10-01T00:00:00Z')
      .set('Authorization', await coordinator(t))
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status).toBe(201);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { row: number; code: string }) => [r.row, r.code])).toEqual([
      [3, 'ROW_MALFORMED'],
      [4, 'NHS_NUMBER_INVALID'],
      [5, 'SCORE_INVALID'],
    ]);
    const history = await t.http().get(`/api/v1/patients/${a}/risk-scores`).set('Authorization', await coordinator(t)).expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ model: 'ACG', score: 12.5, computedAt: '2026-10-01T00:00:00.000Z', factors: { efi: 0.3, lives_alone: 'true' } }),
    ]);

    // CSV needs its practice, model and run date; a header without the key columns is refused.
    const bad = await t.http().post('/api/v1/risk-scores/imports').set('Authorization', await coordinator(t)).set('Content-Type', 'text/csv').send(csv);
    expect(bad.status).toBe(400);
    const noScore = await t
      .http()
      .post('/api/v1/risk-scores/imports?practiceOds=P00001&model=ACG&computedAt=2026-10-01T00:00:00Z')
      .set('Authorization', await coordinator(t))
      .set('Content-Type', 'text/csv')
      .send('nhs_number,risk\n9990000018,1\n');
    expect(noScore.status).toBe(400);
  });

  it('keeps history: a newer run becomes the latest, an older one does not', async () => {
    const [a] = await generatePractice(t, 'P00001', 1);
    const token = await gp(t);
    await importJson(t, token, { practiceOds: 'P00001', model: 'M', computedAt: '2026-06-01T00:00:00Z', rows: [{ nhsNumber: a, score: 5 }] }).then((r) => expect(r.status).toBe(201));
    await importJson(t, token, { practiceOds: 'P00001', model: 'M', computedAt: '2026-09-01T00:00:00Z', rows: [{ nhsNumber: a, score: 9 }] }).then((r) => expect(r.status).toBe(201));
    await importJson(t, token, { practiceOds: 'P00001', model: 'M', computedAt: '2026-03-01T00:00:00Z', rows: [{ nhsNumber: a, score: 1 }] }).then((r) => expect(r.status).toBe(201));
    const view = await t.http().get(`/api/v1/patients/${a}`).set('Authorization', await coordinator(t)).expect(200);
    expect(view.body.latestRisk).toEqual({ score: 9, model: 'M', computedAt: '2026-09-01T00:00:00.000Z' });
    const cc = await coordinator(t);
    const history = await t.http().get(`/api/v1/patients/${a}/risk-scores?limit=2`).set('Authorization', cc).expect(200);
    expect(history.body.items.map((i: { score: number }) => i.score)).toEqual([9, 5]);
    const rest = await t.http().get(`/api/v1/patients/${a}/risk-scores?limit=2&cursor=${history.body.nextCursor}`).set('Authorization', cc).expect(200);
    expect(rest.body).toEqual({ items: [expect.objectContaining({ score: 1 })], nextCursor: null });
  });

  it('only lets the practice and teams aligned to it import', async () => {
    const [a] = await generatePractice(t, 'P00001', 1);
    const body = { practiceOds: 'P00001', model: 'M', computedAt: '2026-06-01T00:00:00Z', rows: [{ nhsNumber: a, score: 5 }] };
    expect((await importJson(t, await gp(t, 'P00002'), body)).status).toBe(403);
    const commissioner = `Bearer ${await t.token({ roles: ['commissioner'], org: 'P00001' })}`;
    expect((await importJson(t, commissioner, body)).status).toBe(403);
    expect((await importJson(t, await gp(t), { ...body, practiceOds: 'NOPE1' })).status).toBe(404);
    expect((await importJson(t, await gp(t), { ...body, extra: 1 })).status).toBe(400);
    expect((await importJson(t, await gp(t), { ...body, computedAt: '2099-01-01T00:00:00Z' })).status).toBe(400);
  });

  it('scores a patient with the built-in model, listing each factor, and places them in the practice', async () => {
    const nhsNumber = await createPatient(t);
    const other = await createPatient(t);
    const token = await coordinator(t);
    await t.http().post(`/api/v1/patients/${other}/risk-assessments`).set('Authorization', token).send({ age: 70 }).expect(201);
    const res = await t
      .http()
      .post(`/api/v1/patients/${nhsNumber}/risk-assessments`)
      .set('Authorization', token)
      .send({ age: 86, emergencyAdmissions12m: 2, longTermConditions: ['heart_failure', 'copd', 'diabetes'], frailty: 'moderate', livesAlone: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      nhsNumber,
      score: 4 + 4 + 2 + 2 + 1 + 2 + 3 + 1,
      rank: 1,
      population: 2,
      percentile: 50,
      tier: 5,
      model: { name: 'spoa-points', version: '1.0.0' },
    });
    expect(res.body.factors).toEqual(
      expect.arrayContaining([
        { name: 'age', value: 86, points: 4 },
        { name: 'emergencyAdmissions12m', value: 2, points: 4 },
        { name: 'longTermCondition:heart_failure', value: true, points: 2 },
        { name: 'multimorbidity', value: 3, points: 2 },
        { name: 'frailty', value: 'moderate', points: 3 },
        { name: 'livesAlone', value: true, points: 1 },
      ]),
    );
    expect(res.body.score).toBe(res.body.factors.reduce((s: number, f: { points: number }) => s + f.points, 0));
    const bad = await t.http().post(`/api/v1/patients/${nhsNumber}/risk-assessments`).set('Authorization', token).send({ age: 86, frailty: 'very' });
    expect(bad.status).toBe(400);
    // Someone without a relationship sees nothing.
    const stranger = `Bearer ${await t.token({ roles: ['care_coordinator'], teams: ['NCT-B'] })}`;
    expect((await t.http().post(`/api/v1/patients/${nhsNumber}/risk-assessments`).set('Authorization', stranger).send({ age: 80 })).status).toBe(404);
  });
});
