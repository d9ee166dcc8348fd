import type { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import { transactionWithCachedPlans } from '../../src/database/prepared-client';
import { createTestApp, TestApp } from '../support/app';
import { createPatient, createReferral, createWorld, navigator, referralBody } from '../support/factories';

/**
 * The service names its parameterised statements so PostgreSQL parses them once per connection,
 * and plans every execution for its own parameters (src/database/prepared-client.ts, hazard H18-5).
 */
describe('prepared statements', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const settingOf = async (em: EntityManager) => (await em.query(`SELECT current_setting('plan_cache_mode') AS mode`))[0].mode as string;

  it('prepares a parameterised statement once per connection and plans each execution for its own values', async () => {
    const text = `SELECT count(*) FROM patients WHERE nhs_number = $1 AND 'prepared-statements spec' <> ''`;
    const plans = await t.db.transaction(async (em) => {
      for (let i = 0; i < 7; i++) await em.query(text, ['9990000018']);
      const [row] = await em.query('SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement = $1', [text]);
      return row as { generic: number; custom: number } | undefined;
    });
    // prepared (a named statement, reused seven times), yet never on a generic plan
    expect(plans).toEqual({ generic: 0, custom: 7 });
  });

  it('opens every connection of the pool with custom plans forced', async () => {
    const settings = await Promise.all(Array.from({ length: 3 }, () => t.db.transaction((em) => em.query(`SELECT current_setting('plan_cache_mode') AS mode`))));
    expect(settings.map(([s]) => s.mode)).toEqual(['force_custom_plan', 'force_custom_plan', 'force_custom_plan']);
  });

  it('leaves a transaction started inside a cached-plans transaction on custom plans', async () => {
    const seen = await transactionWithCachedPlans(t.db, async (em) => ({ outer: await settingOf(em), inner: await t.db.transaction(settingOf) }));
    expect(seen).toEqual({ outer: 'auto', inner: 'force_custom_plan' });
  });

  describe('the single view and intake, whose statements are key lookups and inserts', () => {
    // One connection, so its prepared statements and settings are the ones the requests used.
    let one: TestApp;
    beforeAll(async () => {
      one = await createTestApp({ DB_POOL_SIZE: '1' });
      await one.truncate();
      await createWorld(one);
    });
    afterAll(() => one.close());

    const genericPlans = async () => (await one.db.query('SELECT coalesce(sum(generic_plans), 0)::int AS n FROM pg_prepared_statements'))[0].n as number;
    const mode = async () => (await one.db.query(`SELECT current_setting('plan_cache_mode') AS mode`))[0].mode as string;

    it('keep cached plans for their own transaction, and the connection goes back to custom plans', async () => {
      const nhs = await createPatient(one);
      const nav = await navigator(one);
      const before = await genericPlans();
      for (let i = 0; i < 7; i++) await one.http().get(`/api/v1/patients/${nhs}`).set('Authorization', nav).expect(200);
      const afterViews = await genericPlans();
      expect(afterViews).toBeGreaterThan(before);
      for (let i = 0; i < 7; i++) await createReferral(one, referralBody({ nhsNumber: nhs }));
      expect(await genericPlans()).toBeGreaterThan(afterViews);
      expect(await mode()).toBe('force_custom_plan');
    });

    it('set cached plans in the same round trip that starts the transaction, for that transaction only', async () => {
      // The pool's one connection; PostgreSQL answers ReadyForQuery once per round trip.
      const connection = await one.db.transaction(async (em) => (em.queryRunner as unknown as { databaseConnection: { connection: EventEmitter } }).databaseConnection.connection);
      let roundTrips = 0;
      const count = () => roundTrips++;
      connection.on('readyForQuery', count);
      try {
        const seen = await transactionWithCachedPlans(one.db, settingOf);
        // START TRANSACTION with the setting, the SELECT, COMMIT
        expect({ seen, roundTrips }).toEqual({ seen: 'auto', roundTrips: 3 });
      } finally {
        connection.off('readyForQuery', count);
      }
      expect(await mode()).toBe('force_custom_plan');
    });
  });
});
