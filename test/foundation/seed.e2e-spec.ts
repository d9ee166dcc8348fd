import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { syntheticPopulation } from '../../src/seed/population';
import { seed } from '../../src/seed/seed';
import { workerDatabaseUrl } from '../support/app';

describe('the demo seed', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = new DataSource(dataSourceOptions(await workerDatabaseUrl(), 2));
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('loads traced and untraced patients, and a second run adds nothing (untraced are topped up, not duplicated)', async () => {
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const em = runner.manager;
      const people = [...syntheticPopulation(3)];
      people.push({ ...people[0], nhsNumber: null, givenName: 'Untraced' }, { ...people[1], nhsNumber: null, givenName: 'Untraced' });
      const before: { n: number; untraced: number }[] = await em.query('SELECT count(*)::int AS n, (count(*) FILTER (WHERE nhs_number IS NULL AND needs_tracing))::int AS untraced FROM patients');
      // untraced patients already in this worker's database count towards the wanted number
      const expected = 3 + Math.max(0, 2 - before[0].untraced);
      const first = await seed(em, people.length, people);
      const second = await seed(em, people.length, people);
      expect([first.patients, second.patients]).toEqual([expected, 0]);
      const rows: { nhs_number: string | null; needs_tracing: boolean; nhs_number_status: string; queued: boolean }[] = await em.query(
        `SELECT nhs_number, needs_tracing, nhs_number_status, trace_next_at IS NOT NULL AS queued FROM patients WHERE given_name = 'Untraced'`,
      );
      expect(rows).toEqual(new Array(expected - 3).fill({ nhs_number: null, needs_tracing: true, nhs_number_status: '03', queued: true }));
      const after: { n: number }[] = await em.query('SELECT count(*)::int AS n FROM patients');
      expect(after[0].n - before[0].n).toBe(expected);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
