import { testRangeNhsNumbers } from '../../src/common/validation/nhs-number';
import { RelationshipRegistry } from '../../src/common/access/relationship-registry';
import { WAITING_FOR_UPDATE } from '../../src/modules/beds/bed-requests.repository';
import { ACTIVE_STAY_UNIT_TEAMS, ADMISSIONS_AND_BED_SECONDS, ALLOCATION_MIX } from '../../src/modules/beds/bed-stays.repository';
import { FREE_BEDS_FOR_UPDATE, SELECT_BED } from '../../src/modules/beds/beds.repository';
import { TestApp, createTestApp } from '../support/app';
import { BED_TEAM, as, bedTokens, bedWorld } from './beds-fixtures';

const UNITS = 20;
const BEDS_PER_UNIT = 25;
const STAYS_PER_BED = 36; // ten-day stays back to back over a year: 18,000 stays

/**
 * 20 units, 500 beds and a year of stays, written straight to the database; the board and the mix
 * answer, and the queries behind them (and the allocator's) are served by indexes: with sequential
 * scans disabled, no plan falls back to scanning bed_stays or bed_requests.
 */
describe('beds at the size of a county: 20 units, 500 beds, a year of stays', () => {
  let t: TestApp;
  let tok: Awaited<ReturnType<typeof bedTokens>>;
  let unitIds: string[];

  beforeAll(async () => {
    t = await createTestApp({ BEDS_SWEEP_INTERVAL_SECONDS: '0' });
    tok = await bedTokens(t);
    await t.truncate();
    await bedWorld(t);
    const gen = testRangeNhsNumbers(999_500_000);
    const nhs = Array.from({ length: UNITS * BEDS_PER_UNIT * STAYS_PER_BED }, () => gen.next().value as string);
    await t.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO bed_units (name, organisation_ods, team_code, setting, locality, step_down_target, window_days)
         SELECT 'Unit ' || lpad(u::text, 2, '0'), 'TRUST1', $1, 'care_home', CASE WHEN u % 2 = 0 THEN 'Dover/Deal' ELSE 'Shepway/Folkestone' END, 0.6, 28
         FROM generate_series(1, $2::int) u`,
        [BED_TEAM, UNITS],
      );
      await em.query(
        `INSERT INTO beds (unit_id, label, capabilities, state, version, free_since, created_at)
         SELECT u.id, 'B' || lpad(n::text, 2, '0'), CASE WHEN n % 5 = 0 THEN '{nursing,dementia}'::text[] ELSE '{}'::text[] END, 'open', 1, now(), now() - interval '400 days'
         FROM bed_units u CROSS JOIN generate_series(1, $1::int) n`,
        [BEDS_PER_UNIT],
      );
      await em.query(
        `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, version)
         SELECT n, 'Scale', 'Patient', '1940-01-01', 1 FROM unnest($1::text[]) n`,
        [nhs],
      );
      await em.query(`CREATE TEMP TABLE pmap ON COMMIT DROP AS SELECT id, row_number() OVER (ORDER BY nhs_number) - 1 AS pn FROM patients WHERE given_name = 'Scale'`);
      await em.query(`CREATE TEMP TABLE bmap ON COMMIT DROP AS SELECT id, unit_id, row_number() OVER (ORDER BY id) - 1 AS bn FROM beds`);
      await em.query(
        `CREATE TEMP TABLE smap ON COMMIT DROP AS
         SELECT gen_random_uuid() AS request_id, b.id AS bed_id, b.unit_id, p.id AS patient_id,
                CASE WHEN (b.bn + k) % 5 < 3 THEN 'step_down' ELSE 'step_up' END AS direction,
                now() - interval '360 days' + k * interval '10 days' AS admitted_at,
                (k = $1 - 1 AND b.bn % 2 = 0) AS current
         FROM bmap b CROSS JOIN generate_series(0, $1 - 1) k JOIN pmap p ON p.pn = b.bn * $1 + k`,
        [STAYS_PER_BED],
      );
      await em.query(
        `INSERT INTO bed_requests (id, patient_id, direction, needs, priority, excluded_unit_ids, status, requested_at, requested_by_sub)
         SELECT request_id, patient_id, direction, '{}', 'routine', '{}', 'admitted', admitted_at - interval '1 day', 'scale' FROM smap`,
      );
      await em.query(
        `INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at, admitted_at, discharged_at, discharge_destination)
         SELECT request_id, bed_id, unit_id, patient_id, direction, CASE WHEN current THEN 'occupied' ELSE 'discharged' END, admitted_at, admitted_at,
                CASE WHEN current THEN NULL ELSE admitted_at + interval '9 days' END, CASE WHEN current THEN NULL ELSE 'usual_residence' END
         FROM smap`,
      );
    });
    await t.db.query('ANALYZE');
    unitIds = ((await t.db.query('SELECT id FROM bed_units ORDER BY name')) as { id: string }[]).map((r) => r.id);
  }, 120_000);
  afterAll(() => t.close());

  async function plan(sql: string, params: unknown[]): Promise<string> {
    return t.db.transaction(async (em) => {
      await em.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await em.query(`EXPLAIN ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('holds what it should', async () => {
    const [{ n }]: { n: string }[] = await t.db.query('SELECT count(*) AS n FROM bed_stays');
    expect(Number(n)).toBe(UNITS * BEDS_PER_UNIT * STAYS_PER_BED);
  });

  it('answers the whole bed board and a unit mix', async () => {
    const board = await as(t, tok.manager).get('/beds?limit=500').expect(200);
    expect(board.body.items).toHaveLength(500);
    expect(board.body.items.filter((b: { status: string }) => b.status === 'occupied')).toHaveLength(250);
    expect(board.body.items.filter((b: { stay: { nhsNumber: string | null } | null }) => b.stay?.nhsNumber)).toHaveLength(250);
    const occupied = await as(t, tok.manager).get(`/beds?unit=${unitIds[0]}&status=occupied`).expect(200);
    expect(occupied.body.items.length).toBeGreaterThan(0);
    const mix = await as(t, tok.manager).get(`/bed-units/${unitIds[0]}/mix`).expect(200);
    expect(mix.body.stepDown.admissions + mix.body.stepUp.admissions).toBeGreaterThan(0);
    expect(mix.body.occupancy).toBeGreaterThan(0.5);
  });

  it('serves the board, the mix, the allocator and the relationship lookups from indexes', async () => {
    const now = new Date();
    const from = new Date(now.getTime() - 28 * 86_400_000);
    const [patient]: { id: string }[] = await t.db.query(`SELECT patient_id AS id FROM bed_stays WHERE status = 'occupied' LIMIT 1`);
    const plans = {
      boardUnit: await plan(`${SELECT_BED} WHERE b.unit_id = $1 ORDER BY u.name, b.label, b.id LIMIT 51`, [unitIds[0]]),
      boardAvailable: await plan(`${SELECT_BED} WHERE b.state = 'open' AND s.id IS NULL ORDER BY u.name, b.label, b.id LIMIT 51`, []),
      mix: await plan(ADMISSIONS_AND_BED_SECONDS, [unitIds[0], from, now]),
      allocationMix: await plan(ALLOCATION_MIX, [unitIds, now]),
      freeBeds: await plan(FREE_BEDS_FOR_UPDATE, []),
      waiting: await plan(WAITING_FOR_UPDATE, [now]),
      relationship: await plan(ACTIVE_STAY_UNIT_TEAMS, [patient.id]),
    };
    for (const [name, text] of Object.entries(plans)) {
      expect({ name, seqScan: /Seq Scan on (bed_stays|bed_requests|beds)\b/.test(text) }).toEqual({ name, seqScan: false });
    }
    // and the production registry (every provider's statement as one) finds the bed stay
    const relationships = await t.app.get(RelationshipRegistry).relationshipsOf(t.db.manager, { id: patient.id, gpPracticeOds: null, careCoordinatorStaffId: null, careCoordinatorTeamCode: null });
    expect(relationships.filter((r) => r.relationship === 'bed_stay')).toEqual([{ teamCode: BED_TEAM, relationship: 'bed_stay' }]);
  });
});
