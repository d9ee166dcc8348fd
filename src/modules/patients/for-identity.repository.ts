import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Address } from './patient.entity';

/** A patient record taken without an NHS number, as tracing reads it. */
export interface UntracedPatient {
  id: string;
  nhsNumber: string | null;
  mergedIntoId: string | null;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: string | null;
  address: Partial<Address> | null;
  gpPracticeOds: string | null;
}

/** What a trace attaches: the number and PDS's demographics (a null keeps what the record has, where the record may keep it). */
export interface TracedIdentity {
  nhsNumber: string;
  givenName: string | null;
  familyName: string;
  dateOfBirth: string;
  sex: string | null;
  address: Partial<Address> | null;
  gpPracticeOds: string | null;
  deceasedAt: string | null;
}

/** A record due for its PDS re-check. */
export interface RecheckPatient {
  id: string;
  nhsNumber: string;
  gpPracticeOds: string | null;
  previousCheck: Date | null;
}

/** NHS number status (PDS): '04' trace attempted, no or several matches; '05' the number found is on another record. */
export type TraceFailedStatus = '04' | '05';

interface Row {
  id: string;
  nhs_number: string | null;
  merged_into_id: string | null;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  sex: string | null;
  address: Partial<Address> | null;
  gp_practice_ods: string | null;
}

const COLUMNS = `id, nhs_number, merged_into_id, given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, sex, address, gp_practice_ods`;

const toUntraced = (r: Row): UntracedPatient => ({
  id: r.id,
  nhsNumber: r.nhs_number,
  mergedIntoId: r.merged_into_id,
  givenName: r.given_name,
  familyName: r.family_name,
  dateOfBirth: r.date_of_birth,
  sex: r.sex,
  address: r.address,
  gpPracticeOds: r.gp_practice_ods,
});

/**
 * The patients owner's reads and writes for NHS number tracing (the identity module): which
 * records are due, their trace state, and attaching the number a trace found.
 */
@Injectable()
export class PatientsForIdentityRepository {
  async byId(em: EntityManager, id: string): Promise<UntracedPatient | null> {
    const [row]: Row[] = await em.query(`SELECT ${COLUMNS} FROM patients WHERE id = $1`, [id]);
    return row ? toUntraced(row) : null;
  }

  /**
   * Claims up to `limit` untraced records due at `now` (SKIP LOCKED, so instances share the work)
   * by moving their next trace to `leaseUntil`: one that is not finished by then is due again.
   */
  async claimDue(em: EntityManager, now: Date, leaseUntil: Date, limit: number): Promise<UntracedPatient[]> {
    const [rows]: [Row[], number] = await em.query(
      `UPDATE patients SET trace_next_at = $2 WHERE id IN (
         SELECT id FROM patients WHERE nhs_number IS NULL AND merged_into_id IS NULL AND trace_next_at <= $1
         ORDER BY trace_next_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [now, leaseUntil, limit],
    );
    return rows.map(toUntraced);
  }

  /** PDS could not answer: the record is due again at `retryAt` (unless it was traced or merged meanwhile). */
  async traceAgainAt(em: EntityManager, id: string, retryAt: Date): Promise<void> {
    await em.query('UPDATE patients SET trace_next_at = $2, trace_attempts = trace_attempts + 1 WHERE id = $1 AND nhs_number IS NULL AND merged_into_id IS NULL', [
      id,
      retryAt,
    ]);
  }

  /** Takes the row lock of the record if it is still untraced (and not merged); false otherwise. */
  async lockUntraced(em: EntityManager, id: string): Promise<boolean> {
    const rows: { id: string }[] = await em.query('SELECT id FROM patients WHERE id = $1 AND nhs_number IS NULL AND merged_into_id IS NULL FOR UPDATE', [id]);
    return rows.length > 0;
  }

  /** The record holding this NHS number, if any. */
  async holderOf(em: EntityManager, nhsNumber: string): Promise<{ id: string; mergedIntoId: string | null } | null> {
    const [row]: { id: string; merged_into_id: string | null }[] = await em.query('SELECT id, merged_into_id FROM patients WHERE nhs_number = $1', [nhsNumber]);
    return row ? { id: row.id, mergedIntoId: row.merged_into_id } : null;
  }

  /** The trace ended without attaching a number: no automatic retry. */
  async traceFailed(em: EntityManager, id: string, status: TraceFailedStatus): Promise<void> {
    await em.query('UPDATE patients SET nhs_number_status = $2, trace_next_at = NULL, trace_attempts = trace_attempts + 1 WHERE id = $1', [id, status]);
  }

  /**
   * Claims up to `limit` living, unmerged records with a number whose PDS check is older than
   * `staleBefore` (never checked first; SKIP LOCKED, so instances share the work), marking them
   * checked at `now`. Each comes with the previous check time, to put back if PDS cannot answer.
   */
  async claimRecheck(em: EntityManager, staleBefore: Date, now: Date, limit: number): Promise<RecheckPatient[]> {
    const [rows]: [RecheckPatient[], number] = await em.query(
      `WITH due AS (
         SELECT id, pds_checked_at FROM patients
         WHERE nhs_number IS NOT NULL AND deceased_at IS NULL AND merged_into_id IS NULL
           AND (pds_checked_at IS NULL OR pds_checked_at < $1)
         ORDER BY pds_checked_at NULLS FIRST LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE patients p SET pds_checked_at = $2 FROM due WHERE p.id = due.id
       RETURNING p.id, p.nhs_number AS "nhsNumber", p.gp_practice_ods AS "gpPracticeOds", due.pds_checked_at AS "previousCheck"`,
      [staleBefore, now, limit],
    );
    return rows;
  }

  /** PDS could not answer: the record keeps its previous check time, so it is due again. */
  async restoreCheck(em: EntityManager, id: string, previousCheck: Date | null): Promise<void> {
    await em.query('UPDATE patients SET pds_checked_at = $2 WHERE id = $1', [id, previousCheck]);
  }

  /** PDS records a death the record does not have (locked: false when it is already recorded or merged). */
  async recordDeathFromPds(em: EntityManager, id: string, deceasedAt: string): Promise<boolean> {
    const [rows]: [{ id: string }[], number] = await em.query(
      `UPDATE patients SET deceased_at = $2, version = version + 1, updated_at = now()
       WHERE id = $1 AND deceased_at IS NULL AND merged_into_id IS NULL RETURNING id`,
      [id, deceasedAt],
    );
    return rows.length > 0;
  }

  /** PDS registers the patient at another (known) practice: the record follows PDS. */
  async recordPracticeFromPds(em: EntityManager, id: string, practiceOds: string): Promise<boolean> {
    const [rows]: [{ id: string }[], number] = await em.query(
      `UPDATE patients SET gp_practice_ods = $2, version = version + 1, updated_at = now()
       WHERE id = $1 AND gp_practice_ods IS DISTINCT FROM $2 AND merged_into_id IS NULL RETURNING id`,
      [id, practiceOds],
    );
    return rows.length > 0;
  }

  /** Attaches the number, verified ('01'); PDS demographics win over the typed ones. */
  async attach(em: EntityManager, id: string, t: TracedIdentity): Promise<void> {
    await em.query(
      `UPDATE patients SET nhs_number = $2, nhs_number_status = '01', needs_tracing = false, trace_next_at = NULL, trace_attempts = trace_attempts + 1,
         given_name = COALESCE($3, given_name), family_name = $4, date_of_birth = $5, sex = COALESCE($6, sex), address = $7::jsonb,
         gp_practice_ods = COALESCE($8, gp_practice_ods), deceased_at = COALESCE($9::timestamptz, deceased_at), version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, t.nhsNumber, t.givenName, t.familyName, t.dateOfBirth, t.sex, JSON.stringify(t.address), t.gpPracticeOds, t.deceasedAt],
    );
  }
}
