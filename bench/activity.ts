/**
 * Set-based data for the benchmarks over a seeded population (bench/metrics.ts, bench/county.ts,
 * bench/caseloads.ts): a year of activity, the discharge workspace over it, and risk score runs.
 * Plain SQL over a pg Client, never the service: this is loading, not what is measured.
 */
import { Client } from 'pg';

export interface YearSizes {
  admissions: number;
  referrals: number;
  episodes: number;
  stays: number;
}

/** About a year of South Kent Coast activity (~200,000 people): IDT discharges, SPoA referrals, episodes, beds. */
export const SOUTH_KENT_COAST_YEAR: YearSizes = { admissions: 20_000, referrals: 30_000, episodes: 5_000, stays: 1_500 };

/** A year of activity for `population` people, scaled from South Kent Coast's (~200,000). */
export function yearFor(population: number): YearSizes {
  const f = population / 200_000;
  return {
    admissions: Math.round(SOUTH_KENT_COAST_YEAR.admissions * f),
    referrals: Math.round(SOUTH_KENT_COAST_YEAR.referrals * f),
    episodes: Math.round(SOUTH_KENT_COAST_YEAR.episodes * f),
    stays: Math.round(SOUTH_KENT_COAST_YEAR.stays * f),
  };
}

/** "Now" for the activity: the year runs up to the moment the bench starts. */
export const NOW = new Date();
export const YEAR_AGO = new Date(NOW.getTime() - 365 * 86_400_000);

/** A year of activity: admissions (with EDD audit events and follow-up tasks), referrals, episodes, bed stays. */
export async function seedYear(pg: Client, sizes: YearSizes) {
  const p = [YEAR_AGO, NOW];
  await pg.query('CREATE TEMP TABLE pool AS SELECT id, gp_practice_ods, row_number() OVER (ORDER BY random()) AS n FROM patients WHERE gp_practice_ods IS NOT NULL');
  await pg.query('CREATE INDEX ON pool (n)');
  const [{ size }] = (await pg.query('SELECT count(*)::int AS size FROM pool')).rows;
  const pick = (i: string) => `(SELECT id FROM pool WHERE n = 1 + (${i})::bigint * 7919 % ${size})`;
  await pg.query(
    `INSERT INTO admissions (patient_id, hospital_ods, admitted_at, method, status, readmission, known_to, discharged_at, destination, delayed_days, created_by, version)
     SELECT ${pick('g')}, 'ZEKHT', a.at, CASE WHEN g % 10 = 0 THEN 'elective' ELSE 'emergency' END,
            CASE WHEN a.at > $2::timestamptz - interval '6 days' THEN 'inpatient' ELSE 'discharged' END, g % 9 = 0,
            CASE WHEN g % 5 < 2 THEN '[{"teamCode":"SKC-SPOA","relationship":"referral"}]'::jsonb ELSE '[]'::jsonb END,
            CASE WHEN a.at > $2::timestamptz - interval '6 days' THEN NULL ELSE a.at + interval '5 days' END,
            CASE WHEN a.at > $2::timestamptz - interval '6 days' THEN NULL ELSE (ARRAY['usual_residence','usual_residence','usual_residence','step_down_bed','care_home_new','died','other'])[1 + g % 7] END,
            CASE WHEN a.at > $2::timestamptz - interval '6 days' THEN NULL ELSE g % 4 END, 'bench', 1
     FROM generate_series(1, ${sizes.admissions}) g, LATERAL (SELECT $1::timestamptz + (g::float8 / ${sizes.admissions}) * ($2::timestamptz - $1::timestamptz) AS at) a`,
    p,
  );
  // the year's months as their own partitions (as the service's start and nightly job keep them),
  // not the default partition, so the auditor's and the EDD look-up's month pruning is exercised
  await pg.query('SELECT audit_events_ensure_partitions($1::date, $2::date)', p);
  await pg.query(
    `INSERT INTO audit_events (at, actor_sub, actor_roles, actor_teams, action, resource_type, resource_id, outcome)
     SELECT a.admitted_at + interval '1 hour' * (row_number() OVER () % 40), 'bench', '{discharge_coordinator}', '{SKC-IDT}', 'admission.estimated_discharge', 'admission', a.id::text, 'allowed'
     FROM admissions a`,
  );
  await pg.query(
    `INSERT INTO tasks (type, team_code, patient_id, title, status, due_at, source_type, source_id, completed_at, created_by, version, created_at)
     SELECT 'post_discharge_follow_up', 'SKC-SPOA', a.patient_id, 'Post-discharge follow-up', CASE WHEN row_number() OVER () % 6 = 0 THEN 'open' ELSE 'done' END,
            a.discharged_at + interval '7 days', 'admission', a.id::text,
            CASE WHEN row_number() OVER () % 6 = 0 THEN NULL ELSE a.discharged_at + interval '1 day' * (row_number() OVER () % 10) END, 'system', 1, a.discharged_at
     FROM admissions a WHERE a.discharged_at IS NOT NULL AND a.destination <> 'died'`,
  );
  await pg.query(
    `WITH r AS (
       INSERT INTO referrals (patient_id, status, urgency, reason, source_type, received_at, respond_by, breach_at, spoa_team_code, created_by, version, requested_service)
       SELECT ${pick('g')}, 'completed', (ARRAY['crisis','urgent','routine'])[1 + g % 3], 'bench referral', (ARRAY['gp','ambulance','ae','self','social_care'])[1 + g % 5],
              a.at, a.at + interval '2 hours' * (1 + g % 3), a.at + interval '2 hours' * (1 + g % 3), 'SKC-SPOA', 'bench', 1, 'rapid_response'
       FROM generate_series(1, ${sizes.referrals}) g, LATERAL (SELECT $1::timestamptz + (g::float8 / ${sizes.referrals}) * ($2::timestamptz - $1::timestamptz) AS at) a
       RETURNING id, received_at, respond_by, breach_at)
     INSERT INTO referral_destinations (referral_id, position, service, team_code, status, respond_by, breach_at, routing_basis, first_contact_at, completed_at)
     SELECT r.id, 1, 'rapid_response', 'SKC-SPOA', 'completed', r.respond_by, r.breach_at, 'ccg_wide', r.received_at + interval '1 hour' * (1 + random() * 5), r.received_at + interval '1 day'
     FROM r`,
    p,
  );
  await pg.query(
    `INSERT INTO proactive_care_episodes (patient_id, practice_ods, team_code, care_coordinator_staff_id, care_coordinator_name, status, status_changed_at, started_at, planned_end_at, ended_at, created_by, version, created_at)
     SELECT pl.id, pl.gp_practice_ods, 'SKC-SPOA', 'cc-1', 'Bench Coordinator', s.status, a.at, a.at, a.at + interval '84 days',
            CASE WHEN s.status IN ('completed','withdrawn','declined') THEN a.at + interval '1 day' * (60 + g % 40) END, 'bench', 1, a.at
     FROM generate_series(1, ${sizes.episodes}) g
     JOIN pool pl ON pl.n = 1 + g::bigint * 104729 % ${size}
     CROSS JOIN LATERAL (SELECT $1::timestamptz + (g::float8 / ${sizes.episodes}) * ($2::timestamptz - $1::timestamptz) AS at) a
     CROSS JOIN LATERAL (SELECT CASE WHEN a.at < $2::timestamptz - interval '100 days' THEN (ARRAY['completed','completed','completed','withdrawn','declined'])[1 + g % 5]
                                     ELSE (ARRAY['identified','invited','assessment','mdt_review','active'])[1 + g % 5] END AS status) s
     ON CONFLICT DO NOTHING`,
    p,
  );
  const units = (
    await pg.query(
      `INSERT INTO bed_units (name, organisation_ods, team_code, setting, locality, step_down_target, window_days)
       VALUES ('Bench Unit DD', 'ZKCHT', 'SKC-SPOA', 'community_hospital', 'Dover/Deal', 0.6, 90),
              ('Bench Unit SF', 'ZKCHT', 'SKC-SPOA', 'community_hospital', 'Shepway/Folkestone', 0.6, 90) RETURNING id`,
    )
  ).rows.map((r) => r.id as string);
  await pg.query(
    `INSERT INTO beds (unit_id, label, capabilities, state, version, created_at)
     SELECT u, 'B' || lpad(b::text, 2, '0'), '{}', 'open', 1, $1 FROM unnest($2::uuid[]) u, generate_series(1, 20) b`,
    [YEAR_AGO, units],
  );
  await pg.query(
    `WITH src AS (
       SELECT g, ${pick('g * 3')} AS patient_id, (SELECT id FROM beds ORDER BY id OFFSET g % 40 LIMIT 1) AS bed_id,
              CASE WHEN g % 5 < 3 THEN 'step_down' ELSE 'step_up' END AS direction,
              $1::timestamptz + (g::float8 / ${sizes.stays}) * ($2::timestamptz - $1::timestamptz - interval '30 days') AS at
       FROM generate_series(1, ${sizes.stays}) g),
     req AS (
       INSERT INTO bed_requests (patient_id, direction, needs, priority, excluded_unit_ids, status, requested_at, requested_by_sub)
       SELECT patient_id, direction, '{}', 'routine', '{}', 'admitted', at, 'bench' FROM src RETURNING id, patient_id, requested_at, direction)
     INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at, admitted_at, discharged_at, discharge_destination)
     SELECT req.id, src.bed_id, b.unit_id, req.patient_id, req.direction, 'discharged', src.at, src.at, src.at + interval '1 day' * (7 + src.g % 21), 'usual_residence'
     FROM req JOIN src ON src.patient_id = req.patient_id AND src.at = req.requested_at JOIN beds b ON b.id = src.bed_id`,
    p,
  );
  await pg.query('ANALYZE');
  const counts = (
    await pg.query(
      `SELECT (SELECT count(*) FROM admissions)::int AS admissions, (SELECT count(*) FROM referrals)::int AS referrals,
              (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM proactive_care_episodes)::int AS episodes,
              (SELECT count(*) FROM bed_stays)::int AS stays, (SELECT count(*) FROM audit_events)::int AS audit_events,
              (SELECT count(DISTINCT gp_practice_ods) FROM patients)::int AS practices`,
    )
  ).rows[0];
  return counts;
}

/** The discharge workspace over that year: ready-for-transfer steps, DRDs, delay reasons, residences, reablement. */
export async function seedDischarge(pg: Client) {
  // A third of admissions ready for transfer two days in (discharged on day 5: three delayed midnights).
  await pg.query(
    `INSERT INTO discharge_events (admission_id, kind, value, effective_at, recorded_at, recorded_by)
     SELECT a.id, k, 'ready', a.admitted_at + interval '2 days', a.admitted_at + interval '2 days', 'bench'
     FROM admissions a CROSS JOIN unnest(ARRAY['clinically_ready','mdt_agreed','safe_to_transfer']) k WHERE abs(hashtext(a.id::text)) % 3 = 0`,
  );
  // Half with a criteria-to-reside decision and a Discharge Ready Date on day 1.
  await pg.query(
    `INSERT INTO discharge_events (admission_id, kind, value, ready_date, effective_at, recorded_at, recorded_by)
     SELECT a.id, k.kind, k.value, CASE WHEN k.kind = 'discharge_ready_date' THEN (a.admitted_at + interval '1 day')::date END,
            a.admitted_at + interval '1 day', a.admitted_at + interval '1 day', 'bench'
     FROM admissions a CROSS JOIN (VALUES ('criteria_to_reside', 'does_not_meet'), ('discharge_ready_date', NULL)) k(kind, value)
     WHERE abs(hashtext(a.id::text)) % 2 = 0`,
  );
  await pg.query(
    `INSERT INTO discharge_delays (admission_id, code, attribution, effective_at, recorded_at, recorded_by)
     SELECT a.id, (ARRAY['awaiting_pathway_1_home_support','awaiting_pathway_2_bed','awaiting_pathway_3_care_home','patient_or_family_choice'])[1 + abs(hashtext(a.id::text)) % 4],
            (ARRAY['social_care','nhs','social_care','both'])[1 + abs(hashtext(a.id::text)) % 4], a.admitted_at + interval '2 days', a.admitted_at + interval '2 days', 'bench'
     FROM admissions a WHERE abs(hashtext(a.id::text)) % 3 = 0`,
  );
  // Community bed stays too (issue 19): a third ready for transfer and delayed for their last three days, half with a DRD then.
  await pg.query(
    `INSERT INTO discharge_events (bed_stay_id, kind, value, effective_at, recorded_at, recorded_by)
     SELECT s.id, k, 'ready', s.discharged_at - interval '3 days', s.discharged_at - interval '3 days', 'bench'
     FROM bed_stays s CROSS JOIN unnest(ARRAY['clinically_ready','mdt_agreed','safe_to_transfer']) k WHERE abs(hashtext(s.id::text)) % 3 = 0`,
  );
  await pg.query(
    `INSERT INTO discharge_events (bed_stay_id, kind, value, ready_date, effective_at, recorded_at, recorded_by)
     SELECT s.id, k.kind, k.value, CASE WHEN k.kind = 'discharge_ready_date' THEN (s.discharged_at - interval '3 days')::date END,
            s.discharged_at - interval '3 days', s.discharged_at - interval '3 days', 'bench'
     FROM bed_stays s CROSS JOIN (VALUES ('criteria_to_reside', 'does_not_meet'), ('discharge_ready_date', NULL)) k(kind, value)
     WHERE abs(hashtext(s.id::text)) % 2 = 0`,
  );
  await pg.query(
    `INSERT INTO discharge_delays (bed_stay_id, code, attribution, effective_at, recorded_at, recorded_by)
     SELECT s.id, (ARRAY['awaiting_pathway_1_home_support','awaiting_pathway_3_care_home'])[1 + abs(hashtext(s.id::text)) % 2],
            (ARRAY['social_care','both'])[1 + abs(hashtext(s.id::text)) % 2], s.discharged_at - interval '3 days', s.discharged_at - interval '3 days', 'bench'
     FROM bed_stays s WHERE abs(hashtext(s.id::text)) % 3 = 0`,
  );
  await pg.query(
    `INSERT INTO patient_residences (patient_id, kind, from_date, source, source_id, recorded_at, recorded_by)
     SELECT DISTINCT ON (a.patient_id) a.patient_id, 'care_home', (a.discharged_at AT TIME ZONE 'Europe/London')::date, 'hospital_discharge', a.id, now(), 'bench'
     FROM admissions a WHERE a.destination = 'care_home_new' ORDER BY a.patient_id, a.discharged_at`,
  );
  await pg.query(
    `INSERT INTO reablement_starts (patient_id, admission_id, setting, started_at, recorded_at, recorded_by)
     SELECT a.patient_id, a.id, 'home', a.discharged_at + interval '1 day', now(), 'bench'
     FROM admissions a WHERE a.destination = 'usual_residence' AND abs(hashtext(a.id::text)) % 5 = 0 ON CONFLICT DO NOTHING`,
  );
  await pg.query('ANALYZE');
}

/**
 * `runs` monthly score runs of one tool (from June 2026) for every registered patient with an NHS
 * number (a risk tool matches on it, and the caseload lists by it; untraced patients have none),
 * the latest kept in risk_latest as an import would. Returns the rows written.
 */
export async function seedRiskScores(pg: Client, runs: number, model = 'bench-tool'): Promise<{ scores: number; latest: number }> {
  await pg.query(
    `INSERT INTO risk_scores (patient_id, practice_ods, model, computed_at, score, created_by)
     SELECT p.id, p.gp_practice_ods, $1, timestamptz '2026-06-01T00:00:00Z' + make_interval(months => r), round((random() * 100)::numeric, 1), 'bench'
     FROM patients p CROSS JOIN generate_series(0, $2::int - 1) AS r WHERE p.gp_practice_ods IS NOT NULL AND p.nhs_number IS NOT NULL`,
    [model, runs],
  );
  await pg.query(
    `INSERT INTO risk_latest (patient_id, practice_ods, nhs_number, score_id, score, model, computed_at)
     SELECT DISTINCT ON (s.patient_id) s.patient_id, s.practice_ods, p.nhs_number, s.id, s.score, s.model, s.computed_at
     FROM risk_scores s JOIN patients p ON p.id = s.patient_id WHERE s.model = $1 ORDER BY s.patient_id, s.computed_at DESC`,
    [model],
  );
  await pg.query('ANALYZE');
  const [counts] = (await pg.query('SELECT (SELECT count(*) FROM risk_scores)::int AS scores, (SELECT count(*) FROM risk_latest)::int AS latest')).rows;
  return counts;
}
