import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import { BED_REQUESTS_OF_ADMISSION } from '../beds/for-admissions.repository';

/** An admission as the admission view reads it: the admission, the patient's NHS number, its delays and bed requests. */
export interface AdmissionRow {
  id: string;
  patient_id: string;
  nhs_number: string;
  hospital_ods: string;
  ward: string | null;
  admitted_at: Date;
  method: string;
  reason: string | null;
  status: string;
  readmission: boolean;
  previous_admission_id: string | null;
  idt_team_code: string | null;
  known_to: { teamCode: string; relationship: string }[];
  alerts_raised: number;
  estimated_discharge_date: string | null;
  medically_optimised_at: Date | null;
  discharged_at: Date | null;
  destination: string | null;
  delayed_days: number | null;
  version: number;
  created_at: Date;
  delays: { reason: string; notes: string | null; at: string; by: string }[];
  bed_requests: { id: string; direction: string; status: string }[];
}

/** The columns of AdmissionRow, over `admissions a JOIN patients p`. */
const ADMISSION_COLUMNS = `a.id, a.patient_id, p.nhs_number, a.hospital_ods, a.ward, a.admitted_at, a.method, a.reason, a.status,
  a.readmission, a.previous_admission_id, a.idt_team_code, a.known_to, a.alerts_raised,
  to_char(a.estimated_discharge_date, 'YYYY-MM-DD') AS estimated_discharge_date, a.medically_optimised_at, a.discharged_at,
  a.destination, a.delayed_days, a.version, a.created_at,
  COALESCE((SELECT json_agg(json_build_object('reason', d.reason, 'notes', d.notes, 'at', d.recorded_at, 'by', d.recorded_by)
    ORDER BY d.recorded_at, d.id) FROM admission_delays d WHERE d.admission_id = a.id), '[]'::json) AS delays,
  ${BED_REQUESTS_OF_ADMISSION} AS bed_requests`;

export interface NewAdmission {
  patientId: string;
  hospitalOds: string;
  ward: string | null;
  admittedAt: Date;
  method: string;
  reason: string | null;
  readmission: boolean;
  previousAdmissionId: string | null;
  idtTeamCode: string | null;
  knownTo: { teamCode: string; relationship: string }[];
  createdBy: string;
}

export interface AdmissionFilter {
  status?: string;
  hospital?: string;
  nhsNumber?: string;
  medicallyOptimised?: boolean;
  /** Keyset: the last row's (medicallyOptimisedAt or admittedAt, id). */
  after?: [string, string];
  limit: number;
}

/** The latest inpatient admission, as the single patient view shows it. */
export interface CurrentAdmission {
  id: string;
  hospitalOds: string;
  ward: string | null;
  admittedAt: Date;
  method: string;
  readmission: boolean;
  estimatedDischargeDate: string | null;
  medicallyOptimisedAt: Date | null;
}

/** Admissions and their delays (`admissions`, `admission_delays`): the admission view and list, and the writes of each admission use case. */
/** The integrated discharge teams of the patient's (`$1`) current inpatient admissions. */
export const INPATIENT_IDT_TEAMS = `SELECT DISTINCT idt_team_code AS team_code FROM admissions WHERE patient_id = $1 AND status = 'inpatient' AND idt_team_code IS NOT NULL`;

/** The patient's (`$1`) latest inpatient admission: the single view's `currentAdmission`. */
export const CURRENT_ADMISSION_OF_PATIENT = `SELECT id, hospital_ods AS "hospitalOds", ward, admitted_at AS "admittedAt", method, readmission,
    to_char(estimated_discharge_date, 'YYYY-MM-DD') AS "estimatedDischargeDate", medically_optimised_at AS "medicallyOptimisedAt"
  FROM admissions WHERE patient_id = $1 AND status = 'inpatient' ORDER BY admitted_at DESC, id DESC LIMIT 1`;

@Injectable()
export class AdmissionsRepository {
  async row(em: EntityManager, id: string): Promise<AdmissionRow | null> {
    const [row]: AdmissionRow[] = await em.query(`SELECT ${ADMISSION_COLUMNS} FROM admissions a JOIN patients p ON p.id = a.patient_id WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Filtered. With medicallyOptimised=true: inpatients who are medically optimised, longest waiting
   * first (medically_optimised_at, id); otherwise newest admission first (admitted_at desc, id desc).
   */
  list(em: EntityManager, f: AdmissionFilter): Promise<(AdmissionRow & CursorAt)[]> {
    const optimisedList = f.medicallyOptimised === true;
    const p = new SqlParams();
    const where: string[] = [];
    if (f.status) where.push(`a.status = ${p.add(f.status)}`);
    if (f.hospital) where.push(`a.hospital_ods = ${p.add(f.hospital)}`);
    if (f.nhsNumber) where.push(`p.nhs_number = ${p.add(f.nhsNumber)}`);
    if (optimisedList) where.push(`a.status = 'inpatient' AND a.medically_optimised_at IS NOT NULL`);
    if (f.medicallyOptimised === false) where.push('a.medically_optimised_at IS NULL');
    if (f.after) {
      const [t, i] = [p.add(f.after[0], 'timestamptz'), p.add(f.after[1], 'uuid')];
      where.push(optimisedList ? `(a.medically_optimised_at, a.id) > (${t}, ${i})` : `(a.admitted_at, a.id) < (${t}, ${i})`);
    }
    const filter = where.length ? where.join(' AND ') : 'TRUE';
    const limit = p.add(f.limit);
    return em.query(
      optimisedList
        ? `SELECT ${ADMISSION_COLUMNS}, ${selectCursorAt('a.medically_optimised_at')} FROM admissions a JOIN patients p ON p.id = a.patient_id
           WHERE ${filter} ORDER BY a.medically_optimised_at, a.id LIMIT ${limit}`
        : `SELECT ${ADMISSION_COLUMNS}, ${selectCursorAt('a.admitted_at')} FROM admissions a JOIN patients p ON p.id = a.patient_id
           WHERE ${filter} ORDER BY a.admitted_at DESC, a.id DESC LIMIT ${limit}`,
      p.values,
    );
  }

  /** Takes the admission's row lock; false when there is no such admission. */
  async lock(em: EntityManager, id: string): Promise<boolean> {
    const rows: { id: string }[] = await em.query('SELECT id FROM admissions WHERE id = $1 FOR UPDATE', [id]);
    return rows.length > 0;
  }

  /** The same admission posted before (same patient, hospital and time), if any. */
  async idOf(em: EntityManager, patientId: string, hospitalOds: string, admittedAt: Date): Promise<string | null> {
    const [row]: { id: string }[] = await em.query('SELECT id FROM admissions WHERE patient_id = $1 AND hospital_ods = $2 AND admitted_at = $3', [
      patientId,
      hospitalOds,
      admittedAt,
    ]);
    return row?.id ?? null;
  }

  /** The patient's last discharge at or before `at` (for the readmission check). */
  async lastDischarge(em: EntityManager, patientId: string, at: Date): Promise<{ id: string; dischargedAt: Date } | null> {
    const [row]: { id: string; discharged_at: Date }[] = await em.query(
      `SELECT id, discharged_at FROM admissions WHERE patient_id = $1 AND status = 'discharged' AND discharged_at <= $2
       ORDER BY discharged_at DESC LIMIT 1`,
      [patientId, at],
    );
    return row ? { id: row.id, dischargedAt: row.discharged_at } : null;
  }

  /**
   * The patient's latest admission at the hospital in the given status (what a feed message is
   * about: inpatient for transfer/discharge/cancel, discharged for cancel discharge).
   */
  async latest(em: EntityManager, patientId: string, hospitalOds: string, status: 'inpatient' | 'discharged'): Promise<{ id: string; admittedAt: Date } | null> {
    const [row]: { id: string; admitted_at: Date }[] = await em.query(
      `SELECT id, admitted_at FROM admissions WHERE patient_id = $1 AND hospital_ods = $2 AND status = $3
       ORDER BY admitted_at DESC, id DESC LIMIT 1`,
      [patientId, hospitalOds, status],
    );
    return row ? { id: row.id, admittedAt: row.admitted_at } : null;
  }


  async insert(em: EntityManager, a: NewAdmission): Promise<string> {
    const [{ id }]: { id: string }[] = await em.query(
      `INSERT INTO admissions (patient_id, hospital_ods, ward, admitted_at, method, reason, status, readmission, previous_admission_id,
         idt_team_code, known_to, created_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, 'inpatient', $7, $8, $9, $10::jsonb, $11, 1) RETURNING id`,
      [a.patientId, a.hospitalOds, a.ward, a.admittedAt, a.method, a.reason, a.readmission, a.previousAdmissionId, a.idtTeamCode, JSON.stringify(a.knownTo), a.createdBy],
    );
    return id;
  }

  async setAlertsRaised(em: EntityManager, id: string, alerts: number): Promise<void> {
    await em.query('UPDATE admissions SET alerts_raised = $2 WHERE id = $1', [id, alerts]);
  }

  async setEstimatedDischarge(em: EntityManager, id: string, date: string): Promise<void> {
    await em.query('UPDATE admissions SET estimated_discharge_date = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, date]);
  }

  async setMedicallyOptimised(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query('UPDATE admissions SET medically_optimised_at = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, at]);
  }

  async addDelay(em: EntityManager, d: { admissionId: string; reason: string; notes: string | null; at: Date; by: string }): Promise<void> {
    await em.query('INSERT INTO admission_delays (admission_id, reason, notes, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5)', [
      d.admissionId,
      d.reason,
      d.notes,
      d.at,
      d.by,
    ]);
    await em.query('UPDATE admissions SET version = version + 1, updated_at = now() WHERE id = $1', [d.admissionId]);
  }

  async discharge(em: EntityManager, id: string, d: { at: Date; destination: string; delayedDays: number | null }): Promise<void> {
    await em.query(
      `UPDATE admissions SET status = 'discharged', discharged_at = $2, destination = $3, delayed_days = $4, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, d.at, d.destination, d.delayedDays],
    );
  }

  async transfer(em: EntityManager, id: string, ward: string): Promise<void> {
    await em.query('UPDATE admissions SET ward = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, ward]);
  }

  async cancel(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE admissions SET status = 'cancelled', version = version + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  async cancelDischarge(em: EntityManager, id: string): Promise<void> {
    await em.query(
      `UPDATE admissions SET status = 'inpatient', discharged_at = NULL, destination = NULL, delayed_days = NULL, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id],
    );
  }

  /** The hospital's organisation type (acute_trust, …), or null when there is no such organisation. */
  async organisationType(em: EntityManager, odsCode: string): Promise<string | null> {
    const [org]: { type: string }[] = await em.query('SELECT type FROM organisations WHERE ods_code = $1', [odsCode]);
    return org?.type ?? null;
  }

  /** The first (by code) of these teams that is an integrated discharge team, if any. */
  async dischargeTeamAmong(em: EntityManager, teamCodes: string[]): Promise<string | null> {
    const [team]: { code: string }[] = await em.query(
      `SELECT code FROM teams WHERE code = ANY($1) AND type = 'integrated_discharge_team' ORDER BY code LIMIT 1`,
      [teamCodes],
    );
    return team?.code ?? null;
  }
}
