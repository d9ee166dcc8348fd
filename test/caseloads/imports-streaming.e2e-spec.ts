import { gzipSync } from 'node:zlib';
import { TestApp, createTestApp } from '../support/app';
import { createWorld, nextNhsNumber } from '../support/factories';
import { coordinator, generatePractice } from './support';

/**
 * The text/csv import streamed from the request (csv-parse into COPY, then one set-based store):
 * files long enough to cross many request chunks and COPY messages, rejections found by the reader
 * and by the database merged by line, and malformed files refused whole with nothing stored.
 */
describe('risk score imports: the streamed CSV path', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A small limit so the 413 is cheap to reach; every other file here is under it.
    t = await createTestApp({ RISK_IMPORT_LIMIT: '1mb' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });

  const url = '/api/v1/risk-scores/imports?practiceOds=P00001&model=ACG&computedAt=2026-10-01T00:00:00Z';
  const post = async (body: string | Buffer, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(url)
      .set('Authorization', await coordinator(t))
      .set({ 'Content-Type': 'text/csv', ...headers })
      .send(body);
  const counts = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*) FROM risk_scores)::int AS scores, (SELECT count(*) FROM risk_latest)::int AS latest,
              (SELECT count(*) FROM risk_score_imports)::int AS imports,
              (SELECT count(*) FROM audit_events WHERE action = 'risk_score.import')::int AS audited`,
    );
    return row as { scores: number; latest: number; imports: number; audited: number };
  };

  it('stores a file that crosses many chunks, rejecting bad rows in the last part by line, and audits every stored patient', async () => {
    const nhs = await generatePractice(t, 'P00001', 6000);
    const [elsewhere] = await generatePractice(t, 'P00002', 1);
    const lines = ['nhs_number,score,efi,note'];
    for (const [i, n] of nhs.entries()) lines.push(`${n},${(i % 1000) / 10},0.${i % 10},${i === 10 ? '"two\nlines"' : `note ${'x'.repeat(30)}`}`);
    // the last part: a duplicate of the first row, an invalid number, a patient elsewhere, an unknown number, a short row
    lines.push(`${nhs[0]},1,0.1,x`, '9990000019,1,0.1,x', `${elsewhere},1,0.1,x`, `${nextNhsNumber()},1,0.1,x`, `${nhs[1]},1`);
    const csv = `${lines.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(200_000); // several 64 KB COPY messages, many request chunks

    const res = await post(csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ accepted: 6000, rejectedCount: 5, replayed: false });
    // line 1 is the header; row 11 spans lines 12-13, so the last part starts at line 6003
    expect(res.body.rejected.map((r: { row: number; code: string }) => [r.row, r.code])).toEqual([
      [6003, 'DUPLICATE_ROW'],
      [6004, 'NHS_NUMBER_INVALID'],
      [6005, 'PATIENT_NOT_AT_PRACTICE'],
      [6006, 'PATIENT_NOT_AT_PRACTICE'],
      [6007, 'ROW_MALFORMED'],
    ]);
    expect(await counts()).toEqual({ scores: 6000, latest: 6000, imports: 1, audited: 6000 });
    const [first] = await t.db.query(
      `SELECT s.score, s.factors, s.import_id FROM risk_scores s JOIN patients p ON p.id = s.patient_id WHERE p.nhs_number = $1`,
      [nhs[10]],
    );
    expect(first).toEqual({ score: 1, factors: { efi: 0, note: 'two\nlines' }, import_id: res.body.importId });
    // the first of the duplicated number's rows counts
    const [dup] = await t.db.query(`SELECT s.score FROM risk_scores s JOIN patients p ON p.id = s.patient_id WHERE p.nhs_number = $1`, [nhs[0]]);
    expect(dup.score).toBe(0);

    // The same text again, gzip-compressed: the same content, so the first answer and nothing new.
    const again = await post(gzipSync(csv), { 'Content-Encoding': 'gzip' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...res.body, replayed: true });
    expect(await counts()).toEqual({ scores: 6000, latest: 6000, imports: 1, audited: 6000 });
  });

  it('lists the first 1,000 rejected rows and counts them all, here and when read back', async () => {
    const [a] = await generatePractice(t, 'P00001', 1);
    const lines = ['nhs_number,score', `${a},5`, ...Array.from({ length: 1500 }, () => `${nextNhsNumber()},1`), ...Array.from({ length: 300 }, () => '12345,1')];
    const res = await post(lines.join('\r\n'));
    expect(res.status).toBe(201);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejectedCount).toBe(1800);
    expect(res.body.rejected).toHaveLength(1000);
    expect(res.body.rejected[0]).toMatchObject({ row: 3, code: 'PATIENT_NOT_AT_PRACTICE' });
    expect(res.body.rejected[999].row).toBe(1002);
    const stored = await t.http().get(`/api/v1/risk-scores/imports/${res.body.importId}`).set('Authorization', await coordinator(t)).expect(200);
    expect(stored.body).toMatchObject({ accepted: 1, rejectedCount: 1800 });
    expect(stored.body.rejected).toEqual(res.body.rejected);
  });

  it('refuses a file malformed late in the stream with 400 problem+json and stores nothing', async () => {
    const nhs = await generatePractice(t, 'P00001', 4000);
    const good = nhs.map((n, i) => `${n},${i}`);
    const cases: [string, string | Buffer, RegExp][] = [
      ['an unterminated quote', ['nhs_number,score', ...good, `${nhs[0]},"7`].join('\n'), /quoted field is not closed|longer than/],
      ['text after a closing quote', ['nhs_number,score', ...good, `${nhs[0]},"7"x`, `${nhs[1]},1`].join('\n'), /closing quote/],
      ['a NUL character', ['nhs_number,score', ...good, `${nhs[0]},7\u0000`].join('\n'), /NUL/],
      ['bytes that are not UTF-8', Buffer.concat([Buffer.from(['nhs_number,score,note', ...good, `${nhs[0]},7,caf`].join('\n')), Buffer.from([0xe9, 0x0a])]), /UTF-8/i],
      // U+D800 encoded as UTF-8 bytes: a lone surrogate, which no UTF-8 decoder may accept
      ['a lone surrogate', Buffer.concat([Buffer.from(['nhs_number,score,note', ...good, `${nhs[0]},7,`].join('\n')), Buffer.from([0xed, 0xa0, 0x80, 0x0a])]), /UTF-8/i],
      ['a header without the score column', ['nhs_number,risk', ...good].join('\n'), /score/],
      ['no header at all', '', /header/],
    ];
    for (const [name, body, detail] of cases) {
      const res = await post(body);
      expect({ name, status: res.status, type: res.headers['content-type'] }).toEqual({ name, status: 400, type: expect.stringContaining('application/problem+json') });
      expect(`${res.body.detail} ${JSON.stringify(res.body.errors)}`).toMatch(detail);
      expect(await counts()).toEqual({ scores: 0, latest: 0, imports: 0, audited: 0 });
    }
  });

  it('reads the declared charset, refuses an unknown one or encoding (415) and a body over RISK_IMPORT_LIMIT (413)', async () => {
    const [a] = await generatePractice(t, 'P00001', 1);
    const latin1 = Buffer.from(`nhs_number,score,note\n${a},3,caf\u00e9\n`, 'latin1');
    const res = await post(latin1, { 'Content-Type': 'text/csv; charset=iso-8859-1' });
    expect(res.status).toBe(201);
    const [stored] = await t.db.query('SELECT factors FROM risk_scores');
    expect(stored.factors).toEqual({ note: 'caf\u00e9' });

    expect((await post(latin1, { 'Content-Type': 'text/csv; charset=klingon' })).status).toBe(415);
    expect((await post(latin1, { 'Content-Encoding': 'br' })).status).toBe(415);
    const big = `nhs_number,score\n${`${a},1\n`.repeat(100_000)}`;
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const tooBig = await post(big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual({ scores: 1, latest: 1, imports: 1, audited: 1 });
  });

  it('checks permission and practice before reading the body', async () => {
    const [a] = await generatePractice(t, 'P00001', 1);
    const stranger = await t
      .http()
      .post(url)
      .set('Authorization', `Bearer ${await t.token({ roles: ['gp'], org: 'P00002' })}`)
      .set('Content-Type', 'text/csv')
      .send(`nhs_number,score\n${a},1\n`);
    expect(stranger.status).toBe(403);
    const anonymous = await t.http().post(url).set('Content-Type', 'text/csv').send(`nhs_number,score\n${a},1\n`);
    expect(anonymous.status).toBe(401);
    expect(await counts()).toEqual({ scores: 0, latest: 0, imports: 0, audited: 0 });
  });
});
