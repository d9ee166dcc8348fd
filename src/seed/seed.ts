import { DataSource, EntityManager } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { SyntheticPatient, syntheticPopulation } from './population';
import { ORGANISATIONS, TEAMS } from './south-kent-coast';

const SEED_LOCK_KEY = 727_372_002;
const BATCH = 2000;

export interface SeedResult {
  organisations: number;
  teams: number;
  patients: number;
}

async function insertPatients(em: EntityManager, batch: SyntheticPatient[]): Promise<number> {
  if (batch.length === 0) return 0;
  const col = <K extends keyof SyntheticPatient>(k: K) => batch.map((p) => p[k]);
  const rows: unknown[] = await em.query(
    `INSERT INTO patients (nhs_number, nhs_number_status, needs_tracing, trace_next_at, given_name, family_name, date_of_birth, sex, address,
       gp_practice_ods, care_home_resident, lives_alone, version)
     SELECT n, CASE WHEN n IS NULL THEN '03' ELSE '01' END, n IS NULL, CASE WHEN n IS NULL THEN now() END, g, f, d, s, a, pr, ch, la, 1
     FROM unnest($1::char(10)[], $2::varchar[], $3::varchar[], $4::date[], $5::varchar[], $6::jsonb[], $7::varchar[], $8::bool[], $9::bool[])
       AS t(n, g, f, d, s, a, pr, ch, la)
     ON CONFLICT (nhs_number) DO NOTHING RETURNING 1`,
    [
      col('nhsNumber'),
      col('givenName'),
      col('familyName'),
      col('dateOfBirth'),
      col('sex'),
      batch.map((p) => JSON.stringify(p.address)),
      col('gpPracticeOds'),
      col('careHomeResident'),
      col('livesAlone'),
    ],
  );
  return rows.length;
}

/** Loads (or tops up) the demo data set. Idempotent: existing rows are left as they are. */
export async function seed(em: EntityManager, population: number, people: Iterable<SyntheticPatient> = syntheticPopulation(population)): Promise<SeedResult> {
  await em.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
  const orgs: unknown[] = await em.query(
    `INSERT INTO organisations (ods_code, name, type, locality)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[]) ON CONFLICT DO NOTHING RETURNING 1`,
    [ORGANISATIONS.map((o) => o.odsCode), ORGANISATIONS.map((o) => o.name), ORGANISATIONS.map((o) => o.type), ORGANISATIONS.map((o) => o.locality ?? null)],
  );
  const teams: unknown[] = await em.query(
    `INSERT INTO teams (code, name, type, organisation_ods, locality, operating_hours)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::jsonb[]) ON CONFLICT DO NOTHING RETURNING 1`,
    [
      TEAMS.map((t) => t.code),
      TEAMS.map((t) => t.name),
      TEAMS.map((t) => t.type),
      TEAMS.map((t) => t.organisationOds),
      TEAMS.map((t) => t.locality ?? null),
      TEAMS.map((t) => JSON.stringify(t.operatingHours)),
    ],
  );
  const links = TEAMS.flatMap((t) => t.alignedPracticeOds.map((p) => [t.code, p]));
  await em.query(
    `INSERT INTO team_practices (team_code, practice_ods) SELECT * FROM unnest($1::varchar[], $2::varchar[]) ON CONFLICT DO NOTHING`,
    [links.map((l) => l[0]), links.map((l) => l[1])],
  );
  let patients = 0;
  let batch: SyntheticPatient[] = [];
  // Untraced patients have no number to deduplicate on: top them up to the wanted count instead.
  const [{ untraced }]: { untraced: number }[] = await em.query(`SELECT count(*)::int AS untraced FROM patients WHERE nhs_number IS NULL AND needs_tracing`);
  let untracedToSkip = untraced;
  for (const p of people) {
    if (p.nhsNumber === null && untracedToSkip-- > 0) continue;
    batch.push(p);
    if (batch.length === BATCH) {
      patients += await insertPatients(em, batch);
      batch = [];
    }
  }
  patients += await insertPatients(em, batch);
  return { organisations: orgs.length, teams: teams.length, patients };
}

async function withDataSource<T>(url: string, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** First start: load the demo data only into a database with no organisations yet. */
export async function seedIfEmpty(url: string, options: { population: number }): Promise<SeedResult | null> {
  return withDataSource(url, (ds) =>
    ds.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const [{ n }]: { n: number }[] = await em.query('SELECT count(*)::int AS n FROM organisations');
      return n === 0 ? seed(em, options.population) : null;
    }),
  );
}

export async function seedDatabase(url: string, options: { population: number }): Promise<SeedResult> {
  return withDataSource(url, (ds) => ds.transaction((em) => seed(em, options.population)));
}
