import type { EntityManager } from 'typeorm';
import type { BedCounts, BedRow, BedUnitRow, RequestRow, StayRow } from './dto/views';
import type { RequestContext } from '../../common/auth/principal';
import { BedUnitNotManaged } from './beds.errors';
import { managesUnit } from './domain/unit-scope';

/** SQL shared by the beds services. Every statement is parameterised. */

export const ACTIVE_STAY = `('offered', 'occupied')`;

export const SELECT_BED = `
  SELECT b.id, b.unit_id, u.name AS unit_name, u.locality, u.team_code, b.label, b.capabilities, b.state, b.closed_reason,
         b.version, b.updated_at, s.id AS stay_id, s.status AS stay_status, s.request_id, s.direction, s.offered_at,
         s.admitted_at, s.patient_id, p.nhs_number
  FROM beds b
  JOIN bed_units u ON u.id = b.unit_id
  LEFT JOIN bed_stays s ON s.bed_id = b.id AND s.status IN ${ACTIVE_STAY}
  LEFT JOIN patients p ON p.id = s.patient_id`;

/** The board statuses as predicates over beds b and its active stay s (matching domain bedStatus). */
export const BED_STATUS_SQL = {
  available: `b.state = 'open' AND s.id IS NULL`,
  reserved: `b.state = 'open' AND s.status = 'offered'`,
  occupied: `b.state <> 'closed' AND s.status = 'occupied'`,
  cleaning: `b.state = 'cleaning' AND s.status IS DISTINCT FROM 'occupied'`,
  closed: `b.state = 'closed'`,
} as const;

export const SELECT_REQUEST = `
  SELECT r.id, r.patient_id, p.nhs_number, r.direction, r.referral_id, r.admission_id, r.needs, r.purpose, r.priority,
         r.earliest_at, r.preferred_locality, r.unit_id, r.excluded_unit_ids, r.status, r.requested_at, r.requested_by_sub,
         r.requested_by_team, r.cancelled_at, r.cancel_reason, r.close_cause, r.source, r.updated_at,
         s.id AS stay_id, s.status AS stay_status, s.bed_id AS stay_bed_id, b.label AS stay_bed_label, s.unit_id AS stay_unit_id,
         u.name AS stay_unit_name, u.team_code AS stay_team_code, s.offered_at AS stay_offered_at,
         s.admitted_at AS stay_admitted_at, s.discharged_at AS stay_discharged_at
  FROM bed_requests r
  JOIN patients p ON p.id = r.patient_id
  LEFT JOIN LATERAL (
    SELECT * FROM bed_stays x WHERE x.request_id = r.id AND x.status IN ('offered', 'occupied', 'discharged')
    ORDER BY x.offered_at DESC LIMIT 1
  ) s ON true
  LEFT JOIN beds b ON b.id = s.bed_id
  LEFT JOIN bed_units u ON u.id = s.unit_id`;

export const SELECT_STAY = `
  SELECT s.id, s.request_id, s.bed_id, b.label AS bed_label, b.state AS bed_state, s.unit_id, u.name AS unit_name,
         u.team_code, s.patient_id, p.nhs_number, s.direction, s.status, s.offered_at, s.admitted_at, s.discharged_at,
         s.discharge_destination, s.ended_at, s.end_reason, r.admission_id, r.referral_id
  FROM bed_stays s
  JOIN beds b ON b.id = s.bed_id
  JOIN bed_units u ON u.id = s.unit_id
  JOIN bed_requests r ON r.id = s.request_id
  JOIN patients p ON p.id = s.patient_id`;

export async function loadUnit(em: EntityManager, id: string): Promise<BedUnitRow | undefined> {
  const rows: BedUnitRow[] = await em.query('SELECT * FROM bed_units WHERE id = $1', [id]);
  return rows[0];
}

/** Bed managers act only on units run by one of their teams (issue 12, item 10): 403 otherwise. */
export async function assertManagesUnit(em: EntityManager, ctx: RequestContext, unitId: string): Promise<void> {
  const rows: { team_code: string | null }[] = await em.query('SELECT team_code FROM bed_units WHERE id = $1', [unitId]);
  if (rows[0] && !managesUnit(ctx.principal, rows[0].team_code)) {
    throw new BedUnitNotManaged(`Unit ${unitId} is run by ${rows[0].team_code ?? 'no team'}; your teams are ${ctx.principal.teams.join(', ') || 'none'}`);
  }
}

export async function loadBed(em: EntityManager, id: string): Promise<BedRow | undefined> {
  const rows: BedRow[] = await em.query(`${SELECT_BED} WHERE b.id = $1`, [id]);
  return rows[0];
}

export async function loadRequest(em: EntityManager, id: string): Promise<RequestRow | undefined> {
  const rows: RequestRow[] = await em.query(`${SELECT_REQUEST} WHERE r.id = $1`, [id]);
  return rows[0];
}

export async function loadStay(em: EntityManager, id: string): Promise<StayRow | undefined> {
  const rows: StayRow[] = await em.query(`${SELECT_STAY} WHERE s.id = $1`, [id]);
  return rows[0];
}

export async function bedCounts(em: EntityManager, unitIds: string[]): Promise<Map<string, BedCounts>> {
  const rows: ({ unit_id: string } & Record<keyof BedCounts, string>)[] = await em.query(
    `SELECT b.unit_id,
            count(*) AS total,
            count(*) FILTER (WHERE ${BED_STATUS_SQL.available}) AS available,
            count(*) FILTER (WHERE ${BED_STATUS_SQL.reserved}) AS reserved,
            count(*) FILTER (WHERE ${BED_STATUS_SQL.occupied}) AS occupied,
            count(*) FILTER (WHERE ${BED_STATUS_SQL.cleaning}) AS cleaning,
            count(*) FILTER (WHERE ${BED_STATUS_SQL.closed}) AS closed
     FROM beds b LEFT JOIN bed_stays s ON s.bed_id = b.id AND s.status IN ${ACTIVE_STAY}
     WHERE b.unit_id = ANY($1::uuid[]) GROUP BY b.unit_id`,
    [unitIds],
  );
  const out = new Map<string, BedCounts>();
  for (const id of unitIds) out.set(id, { total: 0, available: 0, reserved: 0, occupied: 0, cleaning: 0, closed: 0 });
  for (const r of rows) {
    out.set(r.unit_id, {
      total: Number(r.total),
      available: Number(r.available),
      reserved: Number(r.reserved),
      occupied: Number(r.occupied),
      cleaning: Number(r.cleaning),
      closed: Number(r.closed),
    });
  }
  return out;
}

/** The allocator's free beds: open, no active stay; locked, skipping rows another transaction is changing. */
export const FREE_BEDS_FOR_UPDATE = `
  SELECT b.id, b.unit_id, b.label, b.capabilities, b.free_since, u.locality, u.allowed_purposes, u.team_code, u.name AS unit_name
  FROM beds b JOIN bed_units u ON u.id = b.unit_id
  WHERE b.state = 'open' AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.bed_id = b.id AND s.status IN ${ACTIVE_STAY})
  FOR UPDATE OF b SKIP LOCKED`;

/** The allocator's waiting requests ($1: now), due and without a bed, oldest first; locked, skipping rows in flight. */
export const WAITING_FOR_UPDATE = `
  SELECT r.id, r.patient_id, p.nhs_number, r.direction, r.priority, r.needs, r.purpose, r.requested_at, r.earliest_at,
         r.unit_id, r.preferred_locality, r.excluded_unit_ids, r.requested_by_team
  FROM bed_requests r JOIN patients p ON p.id = r.patient_id
  WHERE r.status = 'waiting' AND (r.earliest_at IS NULL OR r.earliest_at <= $1)
    AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.patient_id = r.patient_id AND s.status IN ${ACTIVE_STAY})
  ORDER BY r.requested_at
  FOR UPDATE OF r SKIP LOCKED`;

/**
 * Bed-days a stay s used inside unit u's window ending $2 (an offer not yet taken up counts as one
 * bed-day: it will be used), for units whose mix is on bed-days.
 */
const BED_DAYS_IN_WINDOW = `CASE WHEN s.admitted_at IS NULL THEN CASE WHEN s.status = 'offered' THEN 1 ELSE 0 END
  ELSE GREATEST(0, extract(epoch FROM (LEAST(coalesce(s.discharged_at, $2::timestamptz), $2::timestamptz)
       - GREATEST(s.admitted_at, $2::timestamptz - make_interval(days => u.window_days)))) / 86400) END`;

/**
 * Offers that stand or were taken up ($1: unit ids, $2: now), by direction, over each unit's own
 * window; and the bed-days of stays overlapping it (for units whose mix is on bed-days).
 */
export const ALLOCATION_MIX = `
  SELECT u.id, u.step_down_target, u.mix_basis,
         count(s.id) FILTER (WHERE s.direction = 'step_down' AND s.offered_at > $2::timestamptz - make_interval(days => u.window_days)) AS down,
         count(s.id) FILTER (WHERE s.direction = 'step_up' AND s.offered_at > $2::timestamptz - make_interval(days => u.window_days)) AS up,
         coalesce(sum(${BED_DAYS_IN_WINDOW}) FILTER (WHERE s.direction = 'step_down'), 0) AS down_days,
         coalesce(sum(${BED_DAYS_IN_WINDOW}) FILTER (WHERE s.direction = 'step_up'), 0) AS up_days
  FROM bed_units u
  LEFT JOIN bed_stays s ON s.unit_id = u.id AND s.status IN ('offered', 'occupied', 'discharged')
       AND (s.offered_at > $2::timestamptz - make_interval(days => u.window_days)
            OR s.discharged_at IS NULL OR s.discharged_at > $2::timestamptz - make_interval(days => u.window_days))
  WHERE u.id = ANY($1::uuid[])
  GROUP BY u.id`;

/** Admissions in ($2, $3] and seconds in beds of stays overlapping it, by direction, for unit $1. */
export const ADMISSIONS_AND_BED_SECONDS = `
  SELECT direction,
         count(*) FILTER (WHERE admitted_at > $2) AS admissions,
         coalesce(sum(extract(epoch FROM (LEAST(coalesce(discharged_at, $3::timestamptz), $3::timestamptz) - GREATEST(admitted_at, $2::timestamptz)))), 0) AS bed_seconds
  FROM bed_stays
  WHERE unit_id = $1 AND admitted_at IS NOT NULL AND admitted_at <= $3 AND (discharged_at IS NULL OR discharged_at > $2)
  GROUP BY direction`;
