import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MergeConflictCheck, PatientLinkedTable } from './merge-tables';

export interface DuplicateRecord {
  id: string;
  nhsNumber: string | null;
  mergedIntoId: string | null;
  careCoordinatorStaffId: string | null;
}

/** One check as a condition ($1 survivor, $2 duplicate): alias a is the survivor's row, b the duplicate's. */
export function conflictCondition(c: MergeConflictCheck): string {
  const on = c.sameKey?.length ? c.sameKey.map((k) => `a.${k} = b.${k}`).join(' AND ') : 'true';
  const where = c.where ? ` AND ${c.where('a')} AND ${c.where('b')}` : '';
  return `EXISTS (SELECT 1 FROM ${c.table} a JOIN ${c.table} b ON ${on} WHERE a.patient_id = $1 AND b.patient_id = $2${where})`;
}

/**
 * The merge's statements. It walks THE list of patient-linked tables (merge-tables.ts) with
 * statements built per table, so it writes tables other capabilities own: a reviewed exception
 * (test/architecture), proven by test/identity/merge.e2e-spec.ts, which checks the list against
 * every foreign key to patients(id) and merges a row of every table.
 */
@Injectable()
export class MergeRepository {
  /** The duplicate's record, row-locked, or null. */
  async lockDuplicate(em: EntityManager, id: string): Promise<DuplicateRecord | null> {
    const [row]: { id: string; nhs_number: string | null; merged_into_id: string | null; care_coordinator_staff_id: string | null }[] = await em.query(
      'SELECT id, nhs_number, merged_into_id, care_coordinator_staff_id FROM patients WHERE id = $1 FOR UPDATE',
      [id],
    );
    return row ? { id: row.id, nhsNumber: row.nhs_number, mergedIntoId: row.merged_into_id, careCoordinatorStaffId: row.care_coordinator_staff_id } : null;
  }

  /** Which of the checks both records hold, in one statement. */
  async conflicts(em: EntityManager, survivorId: string, duplicateId: string, checks: readonly MergeConflictCheck[]): Promise<MergeConflictCheck[]> {
    const [row]: Record<string, boolean>[] = await em.query(`SELECT ${checks.map((c, i) => `${conflictCondition(c)} AS c${i}`).join(', ')}`, [survivorId, duplicateId]);
    return checks.filter((_, i) => row[`c${i}`]);
  }

  /** Append-only tables (care plans) allow the merge's change while this is on, in this transaction only. */
  async allowMergeChanges(em: EntityManager, on: boolean): Promise<void> {
    await em.query(`SELECT set_config('app.patient_merge', $1, true)`, [on ? 'on' : 'off']);
  }

  /** The latest-risk cache holds one row per patient: the older of the two gives way (the history moves). */
  async keepNewerLatestRisk(em: EntityManager, survivorId: string, duplicateId: string): Promise<void> {
    await em.query(`DELETE FROM risk_latest d USING risk_latest s WHERE d.patient_id = $2 AND s.patient_id = $1 AND d.computed_at <= s.computed_at`, [
      survivorId,
      duplicateId,
    ]);
    await em.query(`DELETE FROM risk_latest s USING risk_latest d WHERE s.patient_id = $1 AND d.patient_id = $2`, [survivorId, duplicateId]);
  }

  /** Moves the duplicate's rows of one table to the survivor; returns how many moved. */
  async move(em: EntityManager, t: PatientLinkedTable, survivor: { id: string; nhsNumber: string | null }, duplicateId: string): Promise<number> {
    const extra = Object.keys(t.alsoSet ?? {}).map((col) => `, ${col} = $3`);
    const [, count]: [unknown, number] = await em.query(
      `UPDATE ${t.table} SET ${t.column} = $1${extra.join('')} WHERE ${t.column} = $2`,
      extra.length ? [survivor.id, duplicateId, survivor.nhsNumber] : [survivor.id, duplicateId],
    );
    return count;
  }

  /** The duplicate now points at the survivor (and is no longer traced). */
  async markMerged(em: EntityManager, duplicateId: string, survivorId: string): Promise<void> {
    await em.query('UPDATE patients SET merged_into_id = $2, merged_at = now(), trace_next_at = NULL, version = version + 1, updated_at = now() WHERE id = $1', [
      duplicateId,
      survivorId,
    ]);
  }

  /** The survivor takes the duplicate's care coordinator. */
  async adoptCareCoordinator(em: EntityManager, survivorId: string, duplicateId: string): Promise<void> {
    await em.query(
      `UPDATE patients s SET care_coordinator_staff_id = d.care_coordinator_staff_id, care_coordinator_name = d.care_coordinator_name,
         care_coordinator_team_code = d.care_coordinator_team_code, version = s.version + 1, updated_at = now()
       FROM patients d WHERE s.id = $1 AND d.id = $2`,
      [survivorId, duplicateId],
    );
  }
}
