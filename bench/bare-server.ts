/**
 * The bare baseline the benchmarks compare the service with: a plain Node HTTP server doing the
 * minimum SQL for the same job, with the same pool size, as named prepared statements (so
 * PostgreSQL plans each once). No framework, no authentication, no validation: what the hardware
 * and PostgreSQL give for the job, so the ratio says what the service's own work costs.
 *
 *   node dist/bench/bare-server.js <database url> <port>
 *
 * Routes (bodies are ignored where the job needs none; the NHS number comes from the path):
 *   GET  /health                 SELECT 1
 *   POST /one-insert             one INSERT (the crudest write baseline)
 *   POST /referrals/<nhs>        the intake's rows in one statement: patient upsert, referral, its
 *                                event, the audit record and the outbox message (data-modifying CTEs)
 *   GET  /patients/<nhs>         the audited single view's minimum: the patient, the caller's
 *                                relationships as one lookup, one audit INSERT (one statement)
 *   GET  /caseloads/<ods>/<team> a practice's caseload page for a member of the team: its first
 *                                50 by current risk with what the service's page shows of them,
 *                                and one audit row each (one statement)
 *
 * With a JWT secret as third argument, the same jobs under /guarded (POST /guarded/referrals with
 * the service's JSON body, GET /guarded/patients/<nhs>, GET /guarded/caseloads/<ods> with the
 * token's teams) first do what the service's gate does before any job: verify the HS256 bearer
 * token (the key imported once), count the request in the caller's rate-limit window (the
 * service's statement, on its own round trip) and parse the JSON body; 401 without a valid
 * token. A yardstick with the same controls, so the team can see how much of the distance to the
 * plain baseline the controls themselves take.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';

const [url, port, secret] = process.argv.slice(2);
const key = secret ? new TextEncoder().encode(secret) : undefined;
const pool = new Pool({ connectionString: url, max: 10 });
// an idle connection closed by PostgreSQL shutting down at the end of a run is not a failure
pool.on('error', () => undefined);

const ONE_INSERT = `INSERT INTO outbox_events (type, payload) VALUES ('bench.ping', '{}'::jsonb)`;

const INTAKE = `
  WITH p AS (
    INSERT INTO patients (nhs_number, nhs_number_status, given_name, family_name, date_of_birth, version)
    VALUES ($1, '02', 'Bench', 'Baseline', '1940-01-01', 1)
    ON CONFLICT (nhs_number) DO UPDATE SET nhs_number = EXCLUDED.nhs_number
    RETURNING id, nhs_number),
  r AS (
    INSERT INTO referrals (patient_id, status, urgency, needs, reason, source_type, received_at, respond_by, breach_at,
      spoa_team_code, created_by, version)
    SELECT p.id, 'awaiting_triage', 'urgent', '{}', 'Falls at home', 'gp', now(), now() + interval '2 hours',
      now() + interval '2 hours', $2, 'bench', 1 FROM p
    RETURNING id, patient_id),
  e AS (
    INSERT INTO referral_events (referral_id, actor_sub, action, to_value, team_code)
    SELECT r.id, 'bench', 'received', 'awaiting_triage', $2 FROM r),
  a AS (
    INSERT INTO audit_events (actor_sub, actor_roles, actor_teams, action, nhs_number, patient_id, resource_type, resource_id, outcome)
    SELECT 'bench', '{referrer}', '{}', 'referral.create', p.nhs_number, p.id, 'referral', r.id::text, 'allowed' FROM p, r),
  o AS (
    INSERT INTO outbox_events (type, payload) SELECT 'referral.received', jsonb_build_object('id', r.id) FROM r)
  SELECT r.id FROM r`;

const SINGLE_VIEW = `
  WITH p AS (
    SELECT id, nhs_number, given_name, family_name, date_of_birth, gp_practice_ods, care_coordinator_team_code
    FROM patients WHERE nhs_number = $1),
  rel AS (
    SELECT EXISTS (SELECT 1 FROM team_practices tp, p WHERE tp.practice_ods = p.gp_practice_ods AND tp.team_code = ANY($2))
        OR EXISTS (SELECT 1 FROM referrals r, p WHERE r.patient_id = p.id AND r.spoa_team_code = ANY($2)) AS allowed),
  a AS (
    INSERT INTO audit_events (actor_sub, actor_roles, actor_teams, action, nhs_number, patient_id, resource_type, resource_id, outcome)
    SELECT 'bench', '{care_navigator}', $2, 'patient.read', p.nhs_number, p.id, 'patient', p.id::text,
      CASE WHEN rel.allowed THEN 'allowed' ELSE 'denied' END FROM p, rel)
  SELECT p.*, rel.allowed FROM p, rel`;

// The caseload page's answer (caseloads.repository.ts, caseloads.service.ts): the caller's team
// aligned to the practice, the first 50 living patients by current score with their competition
// rank among the practice's living, the population the tiers are cut over, each one's details,
// open episode and last MDT discussion, the registered and scored counts, and one audit row per
// listed patient.
const CASELOAD = `
  WITH allowed AS (
    SELECT EXISTS (SELECT 1 FROM organisations o JOIN team_practices tp ON tp.practice_ods = o.ods_code
                   WHERE o.ods_code = $1 AND o.type = 'gp_practice' AND tp.team_code = ANY($2)) AS ok),
  counts AS MATERIALIZED (
    SELECT (SELECT count(*) FROM patients rp WHERE rp.gp_practice_ods = $1 AND rp.deceased_at IS NULL) AS registered,
           (SELECT count(*) FROM risk_latest l WHERE l.practice_ods = $1)
           - (SELECT count(*) FROM patients d JOIN risk_latest l ON l.patient_id = d.id WHERE d.deceased_at IS NOT NULL AND l.practice_ods = $1) AS scored),
  page AS (
    SELECT l.patient_id, l.nhs_number, l.score, l.model, l.computed_at, rank() OVER (ORDER BY l.score DESC) AS rank
    FROM risk_latest l
    WHERE l.practice_ods = $1 AND (SELECT ok FROM allowed)
      AND NOT EXISTS (SELECT 1 FROM patients d WHERE d.id = l.patient_id AND d.deceased_at IS NOT NULL)
    ORDER BY l.score DESC, l.nhs_number LIMIT 50),
  a AS (
    INSERT INTO audit_events (actor_sub, actor_roles, actor_teams, action, nhs_number, patient_id, resource_type, resource_id, outcome)
    SELECT 'bench', '{care_coordinator}', $2, 'caseload.read', nhs_number, patient_id, 'caseload', $1, 'allowed' FROM page)
  SELECT page.*, greatest(c.scored, c.registered) AS n, c.registered, c.scored, p.given_name, p.family_name, p.date_of_birth::text,
         p.care_coordinator_staff_id, p.care_coordinator_name, p.care_coordinator_team_code,
         e.id AS episode_id, e.status AS episode_status, e.planned_end_at, e.care_coordinator_staff_id AS ecc_staff,
         e.care_coordinator_name AS ecc_name, e.team_code AS ecc_team, m.at AS last_mdt
  FROM page CROSS JOIN counts c JOIN patients p ON p.id = page.patient_id
  LEFT JOIN proactive_care_episodes e ON e.patient_id = page.patient_id AND e.status NOT IN ('declined', 'completed', 'withdrawn')
  LEFT JOIN LATERAL (SELECT max(o.discussed_at) AS at FROM mdt_outcomes o JOIN mdt_meetings mm ON mm.id = o.meeting_id
                     WHERE o.patient_id = page.patient_id AND mm.status <> 'cancelled') m ON true
  ORDER BY page.score DESC, page.nhs_number`;

// src/common/rate-limit/rate-limit.repository.ts: count one hit, read the window before
const RATE_HIT = `
  WITH hit AS (
    INSERT INTO rate_limit_counters AS c (bucket, window_start, hits) VALUES ($1, $2, 1)
    ON CONFLICT (bucket, window_start) DO UPDATE SET hits = c.hits + 1
    RETURNING c.hits)
  SELECT hit.hits, COALESCE((SELECT p.hits FROM rate_limit_counters p WHERE p.bucket = $1 AND p.window_start = $3), 0) AS previous
  FROM hit`;

class Refused extends Error {}

/** The gate: a valid token, the caller's rate-limit hit counted; the body parsed and the caller's teams. */
async function gate(req: IncomingMessage, body: string): Promise<{ json: Record<string, unknown>; teams: string[] }> {
  const m = /^Bearer\s+([A-Za-z0-9_\-.]+)$/i.exec(req.headers.authorization ?? '');
  if (!m || !key) throw new Refused();
  const { payload } = await jwtVerify(m[1], key, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] }).catch(() => {
    throw new Refused();
  });
  const now = Date.now();
  const start = now - (now % 60_000);
  await run('hit', RATE_HIT, [`sub:${payload.sub}`, new Date(start), new Date(start - 60_000)]);
  return { json: body ? JSON.parse(body) : {}, teams: Array.isArray(payload.teams) ? payload.teams.map(String) : [] };
}

async function run(name: string, text: string, values: unknown[]): Promise<unknown[]> {
  return (await pool.query({ name, text, values })).rows;
}

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const work = async (body: string): Promise<[number, unknown]> => {
    if (path.startsWith('/guarded/')) {
      const { json, teams } = await gate(req, body);
      if (req.method === 'POST' && path === '/guarded/referrals') {
        return [201, (await run('intake', INTAKE, [String(json.nhsNumber), 'SKC-SPOA']))[0]];
      }
      const g = /^\/guarded\/patients\/(\d{10})$/.exec(path);
      if (req.method === 'GET' && g) {
        const [row] = await run('view', SINGLE_VIEW, [g[1], ['SKC-SPOA']]);
        return row ? [200, row] : [404, { code: 'PATIENT_NOT_FOUND' }];
      }
      const c = /^\/guarded\/caseloads\/([A-Z0-9]+)$/.exec(path);
      if (req.method === 'GET' && c) return [200, { items: await run('caseload', CASELOAD, [c[1], teams]) }];
      return [404, { code: 'ROUTE_NOT_FOUND' }];
    }
    if (req.method === 'GET' && path === '/health') return [200, await run('health', 'SELECT 1 AS ok', [])];
    if (req.method === 'POST' && path === '/one-insert') return [201, await run('one', ONE_INSERT, [])];
    let m = /^\/referrals\/(\d{10})$/.exec(path);
    if (req.method === 'POST' && m) return [201, (await run('intake', INTAKE, [m[1], 'SKC-SPOA']))[0]];
    m = /^\/patients\/(\d{10})$/.exec(path);
    if (req.method === 'GET' && m) {
      const [row] = await run('view', SINGLE_VIEW, [m[1], ['SKC-SPOA']]);
      return row ? [200, row] : [404, { code: 'PATIENT_NOT_FOUND' }];
    }
    m = /^\/caseloads\/([A-Z0-9]+)\/([A-Z0-9-]+)$/.exec(path);
    if (req.method === 'GET' && m) return [200, { items: await run('caseload', CASELOAD, [m[1], [m[2]]]) }];
    return [404, { code: 'ROUTE_NOT_FOUND' }];
  };
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    work(Buffer.concat(chunks).toString('utf8')).then(
      ([status, body]) => send(status, body),
      (e: Error) => (e instanceof Refused ? send(401, { code: 'UNAUTHENTICATED' }) : send(500, { error: e.name })),
    );
  });
});

server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => void pool.end()));
