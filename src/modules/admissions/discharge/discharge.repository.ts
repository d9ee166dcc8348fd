import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, selectCursorAt } from '../../../database/sql-params';
import { EDD_FIRST_SET } from '../../../common/audit/for-admissions.repository';
import { ADMISSION_HAS_BED_REQUEST, BED_STAY_SUBJECTS, WAITING_BED_REQUESTS_OF_ADMISSION } from '../../beds/for-admissions.repository';
import { REFERRED_SINCE_ADMISSION } from '../../referrals/for-admissions.repository';
import type { BoardRow } from './domain/board';
import { type Subject, subjectKeys } from './domain/subjects';

export interface AdmissionHead {
  id: string;
  patient_id: string;
  nhs_number: string;
  admitted_at: Date;
  status: string;
}

export interface DischargeEventRow {
  kind: string;
  value: string | null;
  ready_date: string | null;
  notes: string | null;
  effective_at: Date;
  recorded_at: Date;
  recorded_by: string;
}

export interface DischargeDelayRow {
  code: string;
  attribution: string;
  notes: string | null;
  effective_at: Date;
  recorded_by: string;
}

/**
 * The discharge workspace's SQL: its own tables (discharge_events, discharge_delays), read with
 * the admission or the community bed stay (through beds' BED_STAY_SUBJECTS) and the patient's
 * reference data. One query per board.
 *
 * The board rows for the subjects the CTE `a` selects (ADMISSION_ROWS and BED_STAY_ROWS: an
 * admission or a bed stay each, with the key column of its kind set). When each EDD was first set comes from the
 * audit trail aggregated once over the rows' time span (from the earliest admission), not one
 * lookup per row; whether a bed is still awaited comes from the bed requests.
 */
const BOARD_ROWS = `edd_window AS (SELECT min(admitted_at) AS lo, 'infinity'::timestamptz AS hi FROM a),
  ${EDD_FIRST_SET}
  SELECT a.id, a.subject, a.setting, a.patient_id, p.nhs_number, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
    a.hospital_ods, a.ward, a.admitted_at, ${selectCursorAt('a.admitted_at')}, to_char(a.estimated_discharge_date, 'YYYY-MM-DD') AS estimated_discharge_date,
    edd.first_at AS edd_first_at, a.known_to,
    COALESCE((SELECT json_object_agg(x.kind, json_build_object('value', x.value, 'readyDate', x.ready_date, 'at', x.effective_at, 'by', x.recorded_by, 'byName', x.recorded_by_name))
      FROM (SELECT DISTINCT ON (e.kind) e.kind, e.value, to_char(e.ready_date, 'YYYY-MM-DD') AS ready_date, e.effective_at, e.recorded_by, e.recorded_by_name
            FROM discharge_events e WHERE (e.admission_id = a.admission_id OR e.bed_stay_id = a.bed_stay_id) ORDER BY e.kind, e.effective_at DESC, e.recorded_at DESC, e.id DESC) x), '{}'::json) AS state,
    (SELECT json_build_object('code', d.code, 'attribution', d.attribution, 'since', d.effective_at, 'by', d.recorded_by, 'notes', d.notes)
      FROM discharge_delays d WHERE (d.admission_id = a.admission_id OR d.bed_stay_id = a.bed_stay_id) ORDER BY d.effective_at DESC, d.recorded_at DESC, d.id DESC LIMIT 1) AS delay,
    ${WAITING_BED_REQUESTS_OF_ADMISSION} AS waiting_for
  FROM a JOIN patients p ON p.id = a.patient_id LEFT JOIN edd ON edd.resource_id = a.id::text`;

/**
 * "Known to or referred to community services": a team knew the patient at admission, a
 * community bed was requested for this admission, or a referral was made since admission.
 */
const KNOWN_OR_REFERRED = `(jsonb_array_length(a.known_to) > 0 OR ${ADMISSION_HAS_BED_REQUEST} OR ${REFERRED_SINCE_ADMISSION})`;

/** Admissions as board subjects (`h`: the hospital, for the setting). */
const ADMISSION_ROWS = `SELECT a.id, 'admission'::text AS subject, a.id AS admission_id, NULL::uuid AS bed_stay_id, a.patient_id, a.hospital_ods, a.ward::text AS ward,
    a.admitted_at, a.estimated_discharge_date, a.known_to, CASE WHEN h.type = 'acute_trust' THEN 'acute' ELSE 'community' END AS setting
  FROM admissions a LEFT JOIN organisations h ON h.ods_code = a.hospital_ods`;

/**
 * Community bed stays as board subjects: the unit's organisation as the hospital, the unit as the
 * ward, no EDD, and the unit's team as the team that knows the patient (a stay is community care).
 */
const BED_STAY_ROWS = `SELECT bs.id, 'bed_stay'::text AS subject, NULL::uuid AS admission_id, bs.id AS bed_stay_id, bs.patient_id, bs.hospital_ods, bs.ward::text AS ward,
    bs.admitted_at, NULL::date AS estimated_discharge_date, jsonb_build_array(jsonb_build_object('teamCode', bs.team_code)) AS known_to, 'community'::text AS setting
  FROM (${BED_STAY_SUBJECTS}) bs`;


@Injectable()
export class DischargeRepository {
  /**
   * Inpatients on the board (a hospital's and ward's, or all; acute, community or both), longest
   * stay first: admissions known to or referred to community services, and occupied community bed
   * stays (setting community; the unit's organisation is the hospital, the unit the ward).
   * At most `cap`, after the keyset `after` (admitted_at as `cursorAt` carries it, then id): only
   * the rows of the page get their state, delay and EDD composed.
   */
  board(em: EntityManager, f: { hospital?: string; ward?: string; setting?: string }, page: { cap: number; after?: [string, string] | null }): Promise<(BoardRow & CursorAt)[]> {
    return em.query(
      `WITH a AS (
         SELECT * FROM (
           SELECT * FROM (${ADMISSION_ROWS}
             WHERE a.status = 'inpatient' AND ${KNOWN_OR_REFERRED} AND ($1::text IS NULL OR a.hospital_ods = $1) AND ($2::text IS NULL OR a.ward = $2)) adm
           WHERE $4::text IS NULL OR adm.setting = $4
           UNION ALL
           ${BED_STAY_ROWS}
           WHERE bs.status = 'occupied' AND ($1::text IS NULL OR bs.hospital_ods = $1) AND ($2::text IS NULL OR bs.ward = $2) AND ($4::text IS NULL OR $4 = 'community')) s
         WHERE $5::timestamptz IS NULL OR (s.admitted_at, s.id) > ($5::timestamptz, $6::uuid)
         ORDER BY s.admitted_at, s.id LIMIT $3),
       ${BOARD_ROWS} ORDER BY a.admitted_at, a.id`,
      [f.hospital ?? null, f.ward ?? null, page.cap, f.setting ?? null, page.after?.[0] ?? null, page.after?.[1] ?? null],
    );
  }

  async one(em: EntityManager, subject: Subject): Promise<BoardRow | null> {
    const [row]: BoardRow[] =
      subject.kind === 'admission'
        ? await em.query(`WITH a AS (${ADMISSION_ROWS} WHERE a.id = $1), ${BOARD_ROWS}`, [subject.id])
        : await em.query(`WITH a AS (${BED_STAY_ROWS} WHERE bs.id = $1), ${BOARD_ROWS}`, [subject.id]);
    return row ?? null;
  }

  /** The admission, locked for the change (serialises workspace writes on one admission). */
  async lockAdmission(em: EntityManager, id: string): Promise<AdmissionHead | null> {
    const [row]: AdmissionHead[] = await em.query(
      `SELECT a.id, a.patient_id, p.nhs_number, a.admitted_at, a.status FROM admissions a JOIN patients p ON p.id = a.patient_id WHERE a.id = $1 FOR UPDATE OF a`,
      [id],
    );
    return row ?? null;
  }

  async addEvent(
    em: EntityManager,
    e: { subject: Subject; kind: string; value: string | null; readyDate: string | null; notes: string | null; at: Date; now: Date; by: string; byName: string | null },
  ): Promise<void> {
    const k = subjectKeys(e.subject);
    await em.query(
      `INSERT INTO discharge_events (admission_id, bed_stay_id, kind, value, ready_date, notes, effective_at, recorded_at, recorded_by, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [k.admissionId, k.bedStayId, e.kind, e.value, e.readyDate, e.notes, e.at, e.now, e.by, e.byName],
    );
  }

  async addDelay(em: EntityManager, d: { subject: Subject; code: string; attribution: string; notes: string | null; at: Date; now: Date; by: string }): Promise<void> {
    const k = subjectKeys(d.subject);
    await em.query(
      `INSERT INTO discharge_delays (admission_id, bed_stay_id, code, attribution, notes, effective_at, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [k.admissionId, k.bedStayId, d.code, d.attribution, d.notes, d.at, d.now, d.by],
    );
  }

  /** The workspace's dated entries and delay reasons, in the order they took effect. */
  history(em: EntityManager, subject: Subject): Promise<[DischargeEventRow[], DischargeDelayRow[]]> {
    const k = subjectKeys(subject);
    return Promise.all([
      em.query(
        `SELECT kind, value, to_char(ready_date, 'YYYY-MM-DD') AS ready_date, notes, effective_at, recorded_at, recorded_by
         FROM discharge_events WHERE (admission_id = $1 OR bed_stay_id = $2)
         ORDER BY effective_at, recorded_at, CASE kind WHEN 'discharge_ready_date' THEN 1 ELSE 0 END, id`,
        [k.admissionId, k.bedStayId],
      ) as Promise<DischargeEventRow[]>,
      em.query(
        `SELECT code, attribution, notes, effective_at, recorded_by FROM discharge_delays WHERE (admission_id = $1 OR bed_stay_id = $2) ORDER BY effective_at, recorded_at, id`,
        [k.admissionId, k.bedStayId],
      ) as Promise<DischargeDelayRow[]>,
    ]);
  }
}
