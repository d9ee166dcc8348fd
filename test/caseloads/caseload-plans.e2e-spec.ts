import type { EntityManager } from 'typeorm';
import { CaseloadsRepository } from '../../src/modules/caseloads/caseloads.repository';
import { TestApp, createTestApp } from '../support/app';
import { createWorld } from '../support/factories';
import { generatePractice } from './support';

/**
 * The caseload page ranks a practice as idx_risk_latest_practice_rank reads it and stops once it
 * has its rows, with the practice's deceased patients among the scores. Ranking only the living
 * first made PostgreSQL hash the deceased, read the whole practice and sort it (hazard H18-11).
 */
describe('a caseload page reads only the top of its practice', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    await createWorld(t);
    // two practices of 5,000 scored patients; 30 of the first one's have died, some near the top
    await generatePractice(t, 'P00001', 5000);
    await generatePractice(t, 'P00002', 5000);
    await t.db.query(
      `INSERT INTO risk_scores (patient_id, practice_ods, model, computed_at, score, created_by)
       SELECT id, gp_practice_ods, 'M', now() - interval '1 day', (row_number() OVER (ORDER BY id) % 997) / 10.0, 'test' FROM patients`,
    );
    await t.db.query(
      `INSERT INTO risk_latest (patient_id, practice_ods, nhs_number, score_id, score, model, computed_at)
       SELECT s.patient_id, s.practice_ods, p.nhs_number, s.id, s.score, s.model, s.computed_at FROM risk_scores s JOIN patients p ON p.id = s.patient_id`,
    );
    await t.db.query(
      `UPDATE patients SET deceased_at = now() - interval '2 days'
       WHERE id IN (SELECT patient_id FROM risk_latest WHERE practice_ods = 'P00001' ORDER BY score DESC, nhs_number OFFSET 3 LIMIT 30)`,
    );
    await t.db.query('VACUUM ANALYZE patients, risk_scores, risk_latest');
  });
  afterAll(async () => {
    await t.truncate();
    await t.close();
  });

  /** The statement the repository sends for a query, run with EXPLAIN ANALYZE: the rows each node read. */
  async function analysed(run: (em: EntityManager) => Promise<unknown>): Promise<{ node: string; index?: string; rows: number }[]> {
    let sent: [string, unknown[]] | undefined;
    const capture = {
      query: async (sql: string, params: unknown[]) => {
        sent = [sql, params];
        return [{ registered: 0, scored: 0, patient_id: null }];
      },
    };
    await run(capture as unknown as EntityManager);
    const [sql, params] = sent as [string, unknown[]];
    const [{ 'QUERY PLAN': [plan] }] = await t.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const nodes: { node: string; index?: string; rows: number }[] = [];
    const walk = (n: { 'Node Type': string; 'Index Name'?: string; 'Actual Rows': number; Plans?: unknown[] }) => {
      nodes.push({ node: n['Node Type'], index: n['Index Name'], rows: n['Actual Rows'] });
      for (const c of n.Plans ?? []) walk(c as typeof n);
    };
    walk(plan.Plan);
    return nodes;
  }

  const rankScan = (nodes: { index?: string; rows: number }[]) => nodes.find((n) => n.index === 'idx_risk_latest_practice_rank');

  it('the first page: the rank index read for about the page, never the whole practice', async () => {
    const repo = t.app.get(CaseloadsRepository);
    const nodes = await analysed((em) => repo.page(em, { practiceOds: 'P00001', limit: 51 }));
    // 51 living rows and the deceased among them: before, 5,000 (a sequential scan and a sort)
    expect(rankScan(nodes)?.rows).toBeLessThan(200);
  });

  it('who next: the same, for the first batch and for a later one given the population', async () => {
    const repo = t.app.get(CaseloadsRepository);
    const first = await analysed((em) => repo.whoNextBatch(em, 'P00001', undefined, 100));
    expect(rankScan(first)?.rows).toBeLessThan(300);
    expect(first.some((n) => n.index === 'idx_patients_living_practice')).toBe(true);
    const later = await analysed((em) => repo.whoNextBatch(em, 'P00001', [90, '9990000000'], 100, 4970));
    expect(rankScan(later)?.rows).toBeLessThan(800);
    // a later batch does not count the practice again
    expect(later.some((n) => n.index === 'idx_patients_living_practice')).toBe(false);
  });
});
