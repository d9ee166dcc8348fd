import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import { ACTIVE_STAY } from './bed-stays.repository';
import type { Capability, Direction, Priority, Purpose, RequestSource, RequestStatus } from './domain/types';
import type { RequestRow } from './dto/views';

const REQUEST_COLUMNS = `r.id, r.patient_id, p.nhs_number, r.direction, r.referral_id, r.admission_id, r.needs, r.purpose, r.priority,
         r.earliest_at, r.preferred_locality, r.unit_id, r.excluded_unit_ids, r.status, r.requested_at, r.requested_by_sub,
         r.requested_by_team, r.cancelled_at, r.cancel_reason, r.close_cause, r.source, r.updated_at,
         s.id AS stay_id, s.status AS stay_status, s.bed_id AS stay_bed_id, b.label AS stay_bed_label, s.unit_id AS stay_unit_id,
         u.name AS stay_unit_name, u.team_code AS stay_team_code, s.offered_at AS stay_offered_at,
         s.admitted_at AS stay_admitted_at, s.discharged_at AS stay_discharged_at`;

const FROM_REQUESTS = `
  FROM bed_requests r
  JOIN patients p ON p.id = r.patient_id
  LEFT JOIN LATERAL (
    SELECT * FROM bed_stays x WHERE x.request_id = r.id AND x.status IN ('offered', 'occupied', 'discharged')
    ORDER BY x.offered_at DESC LIMIT 1
  ) s ON true
  LEFT JOIN beds b ON b.id = s.bed_id
  LEFT JOIN bed_units u ON u.id = s.unit_id`;

export const SELECT_REQUEST = `SELECT ${REQUEST_COLUMNS} ${FROM_REQUESTS}`;

/** A waiting request as the allocator reads it (named as WaitingRequest names it), without the patient fields. */
const WAITING_COLUMNS = `r.id, r.direction, r.priority, r.needs, r.purpose, r.requested_at AS "requestedAt", r.earliest_at AS "earliestAt",
  r.unit_id AS "unitId", r.excluded_unit_ids AS "excludedUnitIds"`;

/** The allocator's waiting requests ($1: now), due and without a bed, oldest first; locked, skipping rows in flight. */

export const WAITING_FOR_UPDATE = `
  SELECT ${WAITING_COLUMNS}, r.patient_id AS "patientId", p.nhs_number AS "nhsNumber", r.preferred_locality AS "preferredLocality",
         r.requested_by_team AS "requestedByTeam"
  FROM bed_requests r JOIN patients p ON p.id = r.patient_id
  WHERE r.status = 'waiting' AND (r.earliest_at IS NULL OR r.earliest_at <= $1)
    AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.patient_id = r.patient_id AND s.status IN ${ACTIVE_STAY})
  ORDER BY r.requested_at
  FOR UPDATE OF r SKIP LOCKED`;

/** A request waiting for a bed, as the allocation policy sees it. */
export interface WaitingRequest {
  id: string;
  patientId: string;
  nhsNumber: string | null;
  direction: Direction;
  priority: Priority;
  needs: Capability[];
  purpose: Purpose | null;
  requestedAt: Date;
  earliestAt: Date | null;
  unitId: string | null;
  preferredLocality: string | null;
  excludedUnitIds: string[];
  requestedByTeam: string | null;
}

export interface NewBedRequest {
  id: string;
  patientId: string;
  direction: Direction;
  referralId: string | null;
  admissionId: string | null;
  needs: Capability[];
  purpose: Purpose | null;
  priority: Priority;
  earliestAt: Date | null;
  preferredLocality: string | null;
  unitId: string | null;
  requestedBySub: string;
  requestedByTeam: string | null;
}

/** A request raised by another capability's event (no needs, purpose or unit of its own). */
export interface NewLinkedRequest {
  patientId: string;
  direction: Direction;
  referralId: string | null;
  admissionId: string | null;
  priority: Priority;
  requestedBySub: string;
  requestedByTeam: string | null;
  source: Exclude<RequestSource, 'manual'>;
}

export interface RequestFilter {
  status?: RequestStatus;
  direction?: Direction;
  /** Keyset: (requested_at, id) after these. */
  after?: [string, string];
  limit: number;
}

export interface RequestSummary {
  id: string;
  direction: Direction;
  status: string;
  closeCause: string | null;
  source: RequestSource;
}

export interface OpenRequestSection {
  id: string;
  status: string;
  direction: string;
  priority: string;
  requestedAt: Date;
}

/** bed_requests: the waiting list and each request's state. Closing without a bed is in BedRequestClosingRepository. */
/** The teams that raised the patient's (`$1`) open (waiting or offered) bed requests. */
export const OPEN_BED_REQUEST_TEAMS = `SELECT DISTINCT requested_by_team AS team_code FROM bed_requests
  WHERE patient_id = $1 AND status IN ('waiting', 'offered') AND requested_by_team IS NOT NULL`;

/** The patient's (`$1`) open (waiting or offered) bed request, at most one: the single view's `bedRequest`. */
export const OPEN_REQUEST_OF_PATIENT = `SELECT id, status, direction, priority, requested_at AS "requestedAt" FROM bed_requests
  WHERE patient_id = $1 AND status IN ('waiting', 'offered')`;

@Injectable()
export class BedRequestsRepository {
  async request(em: EntityManager, id: string): Promise<RequestRow | undefined> {
    const rows: RequestRow[] = await em.query(`${SELECT_REQUEST} WHERE r.id = $1`, [id]);
    return rows[0];
  }

  /** Oldest first (requested_at, id): `limit` requests after the cursor. */
  list(em: EntityManager, f: RequestFilter): Promise<(RequestRow & CursorAt)[]> {
    const p = new SqlParams([f.limit]);
    const where: string[] = [];
    if (f.status) where.push(`r.status = ${p.add(f.status)}`);
    if (f.direction) where.push(`r.direction = ${p.add(f.direction)}`);
    if (f.after) where.push(p.keyset('r.requested_at, r.id', '>', f.after));
    return em.query(
      `SELECT ${REQUEST_COLUMNS}, ${selectCursorAt('r.requested_at')} ${FROM_REQUESTS}
       WHERE ${where.join(' AND ') || 'TRUE'} ORDER BY r.requested_at, r.id LIMIT $1`,
      p.values,
    );
  }

  /** Whether the patient has an open request or an active stay. */
  async patientHasOpenRequestOrBed(em: EntityManager, patientId: string): Promise<boolean> {
    const open: unknown[] = await em.query(
      `SELECT 1 FROM bed_requests WHERE patient_id = $1 AND status IN ('waiting', 'offered')
       UNION ALL SELECT 1 FROM bed_stays WHERE patient_id = $1 AND status IN ${ACTIVE_STAY}`,
      [patientId],
    );
    return open.length > 0;
  }

  async insert(em: EntityManager, r: NewBedRequest): Promise<void> {
    await em.query(
      `INSERT INTO bed_requests (id, patient_id, direction, referral_id, admission_id, needs, purpose, priority, earliest_at,
         preferred_locality, unit_id, excluded_unit_ids, status, requested_at, requested_by_sub, requested_by_team)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '{}', 'waiting', now(), $12, $13)`,
      [
        r.id,
        r.patientId,
        r.direction,
        r.referralId,
        r.admissionId,
        r.needs,
        r.purpose,
        r.priority,
        r.earliestAt,
        r.preferredLocality,
        r.unitId,
        r.requestedBySub,
        r.requestedByTeam,
      ],
    );
  }

  /** Whether the referral (or admission) already has a request of this direction. */
  async linkedExists(em: EntityManager, direction: Direction, referralId: string | null, admissionId: string | null): Promise<boolean> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM bed_requests WHERE direction = $1 AND (($2::uuid IS NOT NULL AND referral_id = $2) OR ($3::uuid IS NOT NULL AND admission_id = $3)) LIMIT 1`,
      [direction, referralId, admissionId],
    );
    return rows.length > 0;
  }

  /** Raises a linked request unless a unique index says it exists already (then null). */
  async insertLinked(em: EntityManager, r: NewLinkedRequest): Promise<string | null> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO bed_requests (patient_id, direction, referral_id, admission_id, needs, purpose, priority, earliest_at, preferred_locality, unit_id,
         excluded_unit_ids, status, requested_at, requested_by_sub, requested_by_team, source)
       VALUES ($1, $2, $3, $4, '{}', NULL, $5, NULL, NULL, NULL, '{}', 'waiting', now(), $6, $7, $8)
       ON CONFLICT DO NOTHING RETURNING id`,
      [r.patientId, r.direction, r.referralId, r.admissionId, r.priority, r.requestedBySub, r.requestedByTeam, r.source],
    );
    return rows[0]?.id ?? null;
  }

  async lock(em: EntityManager, id: string): Promise<{ id: string; patientId: string; status: RequestStatus } | undefined> {
    const rows: { id: string; patient_id: string; status: RequestStatus }[] = await em.query('SELECT id, patient_id, status FROM bed_requests WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] && { id: rows[0].id, patientId: rows[0].patient_id, status: rows[0].status };
  }

  /** Locks the patient's open requests, oldest first, and answers their ids. */
  async lockOpenOfPatient(em: EntityManager, patientId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM bed_requests WHERE patient_id = $1 AND status IN ('waiting', 'offered') ORDER BY requested_at, id FOR UPDATE`,
      [patientId],
    );
    return rows.map((r) => r.id);
  }

  async cancel(em: EntityManager, ids: string[], reason: string): Promise<void> {
    await em.query(`UPDATE bed_requests SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids, reason]);
  }

  async setStatus(em: EntityManager, id: string, status: 'offered' | 'admitted'): Promise<void> {
    await em.query('UPDATE bed_requests SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
  }

  /** An offer declined: the request waits again, and is not offered this unit again. */
  async requeueExcluding(em: EntityManager, id: string, unitId: string): Promise<void> {
    await em.query(`UPDATE bed_requests SET status = 'waiting', excluded_unit_ids = array_append(excluded_unit_ids, $2::uuid), updated_at = now() WHERE id = $1`, [
      id,
      unitId,
    ]);
  }

  waitingForUpdate(em: EntityManager, now: Date): Promise<WaitingRequest[]> {
    return em.query(WAITING_FOR_UPDATE, [now]);
  }

  /** Waiting requests the unit could take (not tied to another unit, not excluding this one); not locked. */
  waitingForUnit(em: EntityManager, unitId: string): Promise<UnitWaitingRequest[]> {
    return em.query(
      `SELECT ${WAITING_COLUMNS} FROM bed_requests r
       WHERE r.status = 'waiting' AND (r.unit_id IS NULL OR r.unit_id = $1) AND NOT ($1 = ANY(r.excluded_unit_ids))`,
      [unitId],
    );
  }

  /** The bed requests raised for a referral, for its view. */
  async forReferral(em: EntityManager, referralId: string): Promise<RequestSummary[]> {
    const rows: { id: string; direction: Direction; status: string; close_cause: string | null; source: RequestSource }[] = await em.query(
      'SELECT id, direction, status, close_cause, source FROM bed_requests WHERE referral_id = $1 ORDER BY requested_at, id',
      [referralId],
    );
    return rows.map((x) => ({ id: x.id, direction: x.direction, status: x.status, closeCause: x.close_cause, source: x.source }));
  }
}

/** What a unit's view of the queue reads: no patient, no locality or requesting team. */
export type UnitWaitingRequest = Omit<WaitingRequest, 'patientId' | 'nhsNumber' | 'preferredLocality' | 'requestedByTeam'>;
