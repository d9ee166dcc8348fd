import type { TestApp } from '../support/app';
import { createPatient, createTeam, createWorld, nextNhsNumber } from '../support/factories';

/** Shared set-up for the beds e2e specs (not a spec itself). */

export const BED_TEAM = 'BEDS-DD';
export const BED_TEAM_SF = 'BEDS-SF';
export const IDT = 'IDT';

/** The foundation world plus two bed teams and an integrated discharge team. */
export async function bedWorld(t: TestApp) {
  const world = await createWorld(t);
  await createTeam(t, { code: BED_TEAM, type: 'intermediate_care', organisationOds: world.trust, locality: 'Dover/Deal' });
  await createTeam(t, { code: BED_TEAM_SF, type: 'intermediate_care', organisationOds: world.trust, locality: 'Shepway/Folkestone' });
  await createTeam(t, { code: IDT, type: 'integrated_discharge_team', organisationOds: world.trust });
  return world;
}

export async function bedTokens(t: TestApp) {
  return {
    manager: await t.token({ sub: 'bm-1', roles: ['bed_manager'], teams: [BED_TEAM, BED_TEAM_SF] }),
    otherManager: await t.token({ sub: 'bm-9', roles: ['bed_manager'], teams: ['SOMEWHERE-ELSE'] }),
    idt: await t.token({ sub: 'idt-1', roles: ['discharge_coordinator'], teams: [IDT] }),
    clinicianA: await t.token({ sub: 'cl-a', roles: ['clinician'], teams: ['NCT-A'] }),
    clinicianB: await t.token({ sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] }),
    commissioner: await t.token({ sub: 'com-1', roles: ['commissioner'] }),
    auditor: await t.token({ sub: 'aud-1', roles: ['auditor'] }),
  };
}

export function as(t: TestApp, token: string) {
  const auth = `Bearer ${token}`;
  return {
    get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', auth),
    post: (path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set('Authorization', auth).send(body),
    patch: (path: string, body: object, ifMatch?: string) => {
      const req = t.http().patch(`/api/v1${path}`).set('Authorization', auth);
      if (ifMatch !== undefined) req.set('If-Match', ifMatch);
      return req.send(body);
    },
  };
}

export async function createUnit(t: TestApp, token: string, body: Record<string, unknown> = {}) {
  const res = await as(t, token)
    .post('/bed-units', { name: 'Deal Hospital Ward 2', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal', teamCode: BED_TEAM, ...body })
    .expect(201);
  return res.body as { id: string; teamCode: string; name: string };
}

export async function addBeds(t: TestApp, token: string, unitId: string, count: number, capabilities: string[] = [], prefix = 'B') {
  const beds: { id: string; label: string; etag: string; status: string }[] = [];
  for (let i = 1; i <= count; i++) {
    const res = await as(t, token)
      .post(`/bed-units/${unitId}/beds`, { label: `${prefix}${String(i).padStart(2, '0')}`, capabilities })
      .expect(201);
    beds.push(res.body);
  }
  return beds;
}

/** A patient (created by a care navigator) and the request raised for them. */
export async function requestBed(t: TestApp, token: string, body: Record<string, unknown> = {}, patient: Record<string, unknown> = {}) {
  const nhsNumber = (body.nhsNumber as string | undefined) ?? (await createPatient(t, patient, nextNhsNumber()));
  const res = await as(t, token).post('/bed-requests', { direction: 'step_down', nhsNumber, ...body });
  return { nhsNumber, res };
}

/** Invariants the database must hold whatever happened: one active stay per bed, per patient. */
export async function assertStayInvariants(t: TestApp) {
  const perBed: { n: string }[] = await t.db.query(
    `SELECT count(*) AS n FROM (SELECT bed_id FROM bed_stays WHERE status IN ('offered','occupied') GROUP BY bed_id HAVING count(*) > 1) x`,
  );
  const perPatient: { n: string }[] = await t.db.query(
    `SELECT count(*) AS n FROM (SELECT patient_id FROM bed_stays WHERE status IN ('offered','occupied') GROUP BY patient_id HAVING count(*) > 1) x`,
  );
  return { bedsWithTwoStays: Number(perBed[0].n), patientsWithTwoBeds: Number(perPatient[0].n) };
}

/** Free (open, no active stay) beds while a request one of them could take waits: work conservation, checked in plain SQL. */
export async function idleBedsWithEligibleWaiting(t: TestApp): Promise<number> {
  const rows: { n: string }[] = await t.db.query(
    `SELECT count(*) AS n FROM beds b JOIN bed_units u ON u.id = b.unit_id
     WHERE b.state = 'open' AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.bed_id = b.id AND s.status IN ('offered','occupied'))
       AND EXISTS (SELECT 1 FROM bed_requests r WHERE r.status = 'waiting' AND b.capabilities @> r.needs
                   AND (r.earliest_at IS NULL OR r.earliest_at <= now()) AND (r.unit_id IS NULL OR r.unit_id = b.unit_id)
                   AND NOT (b.unit_id = ANY(r.excluded_unit_ids))
                   AND (u.allowed_purposes IS NULL OR r.purpose = ANY(u.allowed_purposes)))`,
  );
  return Number(rows[0].n);
}

const DAY_MS = 86_400_000;

/**
 * Past stays written straight to the database (discharged, each for its own synthetic patient), so a
 * test can set a unit's history over its window without driving months of traffic through the API.
 */
export async function seedHistory(
  t: TestApp,
  unitId: string,
  bedId: string,
  stays: { direction: 'step_down' | 'step_up'; admittedDaysAgo: number; lengthOfStayDays: number; count?: number }[],
): Promise<void> {
  const now = Date.now();
  for (const s of stays) {
    for (let i = 0; i < (s.count ?? 1); i++) {
      const [patient]: { id: string }[] = await t.db.query(
        `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, version) VALUES ($1, 'Past', 'Patient', '1940-01-01', 1) RETURNING id`,
        [nextNhsNumber()],
      );
      const admitted = new Date(now - s.admittedDaysAgo * DAY_MS);
      const discharged = new Date(Math.min(admitted.getTime() + s.lengthOfStayDays * DAY_MS, now - 60_000));
      const [request]: { id: string }[] = await t.db.query(
        `INSERT INTO bed_requests (patient_id, direction, needs, priority, excluded_unit_ids, status, requested_at, requested_by_sub)
         VALUES ($1, $2, '{}', 'routine', '{}', 'admitted', $3, 'seed') RETURNING id`,
        [patient.id, s.direction, new Date(admitted.getTime() - 3_600_000)],
      );
      await t.db.query(
        `INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at, admitted_at, discharged_at, discharge_destination)
         VALUES ($1, $2, $3, $4, $5, 'discharged', $6, $6, $7, 'usual_residence')`,
        [request.id, bedId, unitId, patient.id, s.direction, admitted, discharged],
      );
    }
  }
}

/** Admits the offered stay of a request, discharges it and marks the bed ready: the bed is free again. */
export async function turnOver(t: TestApp, token: string, stayId: string, bedId: string) {
  await as(t, token).post(`/bed-stays/${stayId}/discharge`, { destination: 'usual_residence' }).expect(200);
  const etag = (await as(t, token).get(`/beds/${bedId}`).expect(200)).headers.etag;
  return (await as(t, token).patch(`/beds/${bedId}`, { status: 'available' }, etag).expect(200)).body;
}
