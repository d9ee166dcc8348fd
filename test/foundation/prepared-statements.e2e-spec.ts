import type { EntityManager } from 'typeorm';
import { readOnlySnapshot } from '../../src/database/read-only-snapshot';
import { createTestApp, TestApp } from '../support/app';

/**
 * The service names its parameterised statements so PostgreSQL plans them once per connection
 * (src/database/prepared-client.ts); reports opt out of cached generic plans (read-only-snapshot.ts).
 */
describe('prepared statements', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // a statement with a parameter, unique to each test so its counters are its own
  const statement = (test: string) => `SELECT count(*) FROM patients WHERE nhs_number = $1 AND '${test}' <> ''`;

  async function runSevenTimes(em: EntityManager, text: string) {
    for (let i = 0; i < 7; i++) await em.query(text, ['9990000018']);
    const [row] = await em.query('SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement = $1', [text]);
    return row as { generic: number; custom: number } | undefined;
  }

  it('prepares a parameterised statement once per connection and reuses its cached plan on hot paths', async () => {
    const plans = await t.db.transaction((em) => runSevenTimes(em, statement('hot path')));
    expect(plans).toBeDefined();
    expect(plans?.generic).toBeGreaterThan(0);
  });

  it('plans every statement of a report for its own parameters', async () => {
    const plans = await readOnlySnapshot(t.db, (em) => runSevenTimes(em, statement('report')));
    expect(plans).toBeDefined();
    expect(plans?.generic).toBe(0);
    expect(plans?.custom).toBeGreaterThanOrEqual(7);
  });
});
