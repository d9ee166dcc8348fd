import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Capability, Direction, DischargeDestination, MixBasis, StayStatus } from './domain/types';
import type { StayRow } from './dto/views';

/** The stay statuses that hold a bed (and a patient): the partial unique indexes use the same two. */
export const ACTIVE_STAY = `('offered', 'occupied')`;

export const SELECT_STAY = `
  SELECT s.id, s.request_id, s.bed_id, b.label AS bed_label, b.state AS bed_state, s.unit_id, u.name AS unit_name,
         u.team_code, s.patient_id, p.nhs_number, s.direction, s.status, s.offered_at, s.admitted_at, s.discharged_at,
         s.discharge_destination, s.ended_at, s.end_reason, r.admission_id, r.referral_id
  FROM bed_stays s
  JOIN beds b ON b.id = s.bed_id
  JOIN bed_units u ON u.id = s.unit_id
  JOIN bed_requests r ON r.id = s.request_id
  JOIN patients p ON p.id = s.patient_id`;

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

/** A standing offer: the stay and the bed it holds. */
export interface OfferedStay {
  id: string;
  bedId: string;
}

/** A stay locked for a step of its lifecycle. */
export interface LockedStay {
  id: string;
  requestId: string;
  bedId: string;
  unitId: string;
  patientId: string;
  status: StayStatus;
  offeredAt: Date;
  admittedAt: Date | null;
}

export interface NewOffer {
  requestId: string;
  bedId: string;
  unitId: string;
  patientId: string;
  direction: Direction;
  at: Date;
}

/** Per unit, over its own window: offers standing or taken up, and bed-days used, by direction. */
export interface UnitAllocationMix {
  unitId: string;
  stepDownTarget: number;
  mixBasis: MixBasis | null;
  down: number;
  up: number;
  downDays: number;
  upDays: number;
}

export interface DirectionUse {
  direction: Direction;
  admissions: number;
  bedSeconds: number;
}

/** The patient's active stay, as the single patient view shows it. */
export interface ActiveStaySection {
  id: string;
  status: string;
  direction: string;
  requestId: string;
  bedId: string;
  bedLabel: string;
  unitId: string;
  unitName: string;
  teamCode: string;
  offeredAt: Date;
  admittedAt: Date | null;
}

/** bed_stays: offers, occupancy and their ends. */
/** The unit teams of the patient's (`$1`) active (offered or occupied) bed stays. */
export const ACTIVE_STAY_UNIT_TEAMS = `SELECT DISTINCT u.team_code FROM bed_stays s JOIN bed_units u ON u.id = s.unit_id
  WHERE s.patient_id = $1 AND s.status IN ${ACTIVE_STAY}`;

/** The patient's (`$1`) active (offered or occupied) bed stay, at most one: the single view's `bedStay`. */
export const ACTIVE_STAY_OF_PATIENT = `SELECT s.id, s.status, s.direction, s.request_id AS "requestId", s.bed_id AS "bedId", b.label AS "bedLabel",
    s.unit_id AS "unitId", u.name AS "unitName", u.team_code AS "teamCode", s.offered_at AS "offeredAt", s.admitted_at AS "admittedAt"
  FROM bed_stays s JOIN beds b ON b.id = s.bed_id JOIN bed_units u ON u.id = s.unit_id
  WHERE s.patient_id = $1 AND s.status IN ${ACTIVE_STAY}`;

@Injectable()
export class BedStaysRepository {
  async stay(em: EntityManager, id: string): Promise<StayRow | undefined> {
    const rows: StayRow[] = await em.query(`${SELECT_STAY} WHERE s.id = $1`, [id]);
    return rows[0];
  }

  async lock(em: EntityManager, id: string): Promise<LockedStay | undefined> {
    const rows: { id: string; request_id: string; bed_id: string; unit_id: string; patient_id: string; status: StayStatus; offered_at: Date; admitted_at: Date | null }[] =
      await em.query('SELECT id, request_id, bed_id, unit_id, patient_id, status, offered_at, admitted_at FROM bed_stays WHERE id = $1 FOR UPDATE', [id]);
    const s = rows[0];
    return s && { id: s.id, requestId: s.request_id, bedId: s.bed_id, unitId: s.unit_id, patientId: s.patient_id, status: s.status, offeredAt: s.offered_at, admittedAt: s.admitted_at };
  }

  /** Locks the standing offers of these requests, in id order. */
  async lockOfferedForRequests(em: EntityManager, requestIds: string[]): Promise<OfferedStay[]> {
    const rows: { id: string; bed_id: string }[] = await em.query(
      `SELECT id, bed_id FROM bed_stays WHERE request_id = ANY($1::uuid[]) AND status = 'offered' ORDER BY id FOR UPDATE`,
      [requestIds],
    );
    return rows.map((r) => ({ id: r.id, bedId: r.bed_id }));
  }

  /** Locks the standing offers made to a patient's requests, in id order. */
  async lockOfferedForPatient(em: EntityManager, patientId: string): Promise<OfferedStay[]> {
    const rows: { id: string; bed_id: string }[] = await em.query(
      `SELECT s.id, s.bed_id FROM bed_stays s JOIN bed_requests r ON r.id = s.request_id
       WHERE r.patient_id = $1 AND s.status = 'offered' ORDER BY s.id FOR UPDATE OF s`,
      [patientId],
    );
    return rows.map((r) => ({ id: r.id, bedId: r.bed_id }));
  }

  /**
   * Ends the patient's occupied stays because they died: discharged (destination `died`) at the
   * death, or at admission if the death was recorded as earlier. Returns the beds, which go to cleaning.
   */
  async dischargeOccupiedOnDeath(em: EntityManager, patientId: string, diedAt: Date): Promise<string[]> {
    const [rows]: [{ bed_id: string }[], number] = await em.query(
      `UPDATE bed_stays SET status = 'discharged', discharged_at = GREATEST($2::timestamptz, admitted_at), discharge_destination = 'died', updated_at = now()
       WHERE patient_id = $1 AND status = 'occupied' RETURNING bed_id`,
      [patientId, diedAt],
    );
    return rows.map((r) => r.bed_id);
  }

  /** The bed's active stay and what its request needs (read after the bed's lock). */
  async activeOnBed(em: EntityManager, bedId: string): Promise<{ status: 'offered' | 'occupied'; needs: Capability[] } | null> {
    const rows: { status: 'offered' | 'occupied'; needs: Capability[] }[] = await em.query(
      `SELECT s.status, r.needs FROM bed_stays s JOIN bed_requests r ON r.id = s.request_id WHERE s.bed_id = $1 AND s.status IN ${ACTIVE_STAY}`,
      [bedId],
    );
    return rows[0] ?? null;
  }

  async insertOffer(em: EntityManager, o: NewOffer): Promise<string> {
    const [stay]: { id: string }[] = await em.query(
      `INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at)
       VALUES ($1, $2, $3, $4, $5, 'offered', $6) RETURNING id`,
      [o.requestId, o.bedId, o.unitId, o.patientId, o.direction, o.at],
    );
    return stay.id;
  }

  /** A standing offer ends without a stay (the request closed or was cancelled). */
  async withdraw(em: EntityManager, id: string, reason: string): Promise<void> {
    await em.query(`UPDATE bed_stays SET status = 'withdrawn', ended_at = now(), end_reason = $2, updated_at = now() WHERE id = $1 AND status = 'offered'`, [id, reason]);
  }

  async decline(em: EntityManager, id: string, reason: string): Promise<void> {
    await em.query(`UPDATE bed_stays SET status = 'declined', ended_at = now(), end_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
  }

  async admit(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(`UPDATE bed_stays SET status = 'occupied', admitted_at = $2, updated_at = now() WHERE id = $1`, [id, at]);
  }

  async discharge(em: EntityManager, id: string, at: Date, destination: DischargeDestination): Promise<void> {
    await em.query(`UPDATE bed_stays SET status = 'discharged', discharged_at = $2, discharge_destination = $3, updated_at = now() WHERE id = $1`, [id, at, destination]);
  }


  /** Admissions in (from, now] and seconds in beds of stays overlapping it, by direction, for one unit. */
  async admissionsAndBedSeconds(em: EntityManager, unitId: string, from: Date, now: Date): Promise<DirectionUse[]> {
    const rows: { direction: Direction; admissions: string; bed_seconds: string }[] = await em.query(ADMISSIONS_AND_BED_SECONDS, [unitId, from, now]);
    return rows.map((r) => ({ direction: r.direction, admissions: Number(r.admissions), bedSeconds: Number(r.bed_seconds) }));
  }

  async allocationMix(em: EntityManager, unitIds: string[], now: Date): Promise<UnitAllocationMix[]> {
    const rows: { id: string; step_down_target: number; mix_basis: MixBasis | null; down: string; up: string; down_days: string; up_days: string }[] = await em.query(
      ALLOCATION_MIX,
      [unitIds, now],
    );
    return rows.map((r) => ({
      unitId: r.id,
      stepDownTarget: r.step_down_target,
      mixBasis: r.mix_basis,
      down: Number(r.down),
      up: Number(r.up),
      downDays: Number(r.down_days),
      upDays: Number(r.up_days),
    }));
  }
}
