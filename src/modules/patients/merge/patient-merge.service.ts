import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../../common/access/patient-access.service';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { Conflict, NotFound, ValidationFailed } from '../../../common/errors/domain-error';
import { PatientAlreadyMerged } from '../patient-errors';
import { MERGE_CONFLICT_CHECKS, PATIENT_LINKED_TABLES, conflictSql } from './merge-tables';

export class PatientMergeConflict extends Conflict {
  constructor(readonly conflicts: string[]) {
    super('PATIENT_MERGE_CONFLICT', 'These records cannot be merged until a person resolves what they both hold', `Resolve first: ${conflicts.join('; ')}`);
  }
}

export class DuplicatePatientNotFound extends NotFound {
  constructor() {
    super('DUPLICATE_PATIENT_NOT_FOUND', 'Duplicate record not found', 'No unmerged patient record has this duplicateId');
  }
}

export interface MergeResult {
  survivor: { id: string; nhsNumber: string };
  duplicateId: string;
  moved: Record<string, number>;
}

/**
 * Folds a duplicate patient record into the surviving one: every row of every patient-linked
 * table (merge-tables.ts) moves in ONE transaction, or nothing does. Both records are locked; what
 * only one of may exist (two open episodes, two care plans...) is refused with a problem naming
 * it. The duplicate stays as a pointer (`merged_into_id`), so reading it answers `mergedInto`.
 * Exported for other capabilities (HL7 A40 merge): `mergeIn` runs inside the caller's transaction.
 */
@Injectable()
export class PatientMergeService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
  ) {}

  merge(ctx: RequestContext, survivorNhsNumber: string, duplicateId: string): Promise<MergeResult> {
    return this.db.transaction((em) => this.mergeIn(em, ctx, survivorNhsNumber, duplicateId));
  }

  async mergeIn(em: EntityManager, ctx: RequestContext, survivorNhsNumber: string, duplicateId: string): Promise<MergeResult> {
    const { patient: survivor } = await this.access.open(em, ctx, survivorNhsNumber, { action: 'patient.merge' }, { lock: true });
    if (survivor.mergedIntoId) throw new PatientAlreadyMerged();
    if (survivor.id === duplicateId) throw new ValidationFailed('A record cannot be merged into itself', [{ field: 'duplicateId', message: 'is the surviving record' }]);
    const [dup]: { id: string; nhs_number: string | null; merged_into_id: string | null; care_coordinator_staff_id: string | null }[] = await em.query(
      'SELECT id, nhs_number, merged_into_id, care_coordinator_staff_id FROM patients WHERE id = $1 FOR UPDATE',
      [duplicateId],
    );
    if (!dup || dup.merged_into_id) throw new DuplicatePatientNotFound();
    const conflicts: string[] = [];
    for (const check of MERGE_CONFLICT_CHECKS) {
      const [{ conflict }]: { conflict: boolean }[] = await em.query(conflictSql(check), [survivor.id, dup.id]);
      if (conflict) conflicts.push(check.name);
    }
    if (conflicts.length) throw new PatientMergeConflict(conflicts);

    // Append-only tables (care plans) allow exactly this change, in this transaction only.
    await em.query(`SELECT set_config('app.patient_merge', 'on', true)`);
    // The latest-risk cache holds one row per patient: the older of two gives way (the history moves).
    await em.query(
      `DELETE FROM risk_latest d USING risk_latest s WHERE d.patient_id = $2 AND s.patient_id = $1 AND d.computed_at <= s.computed_at`,
      [survivor.id, dup.id],
    );
    await em.query(`DELETE FROM risk_latest s USING risk_latest d WHERE s.patient_id = $1 AND d.patient_id = $2`, [survivor.id, dup.id]);
    const moved: Record<string, number> = {};
    for (const t of PATIENT_LINKED_TABLES.filter((x) => x.mode === 'move')) {
      const extra = Object.keys(t.alsoSet ?? {}).map((col) => `, ${col} = $3`);
      const [, count]: [unknown, number] = await em.query(
        `UPDATE ${t.table} SET ${t.column} = $1${extra.join('')} WHERE ${t.column} = $2`,
        extra.length ? [survivor.id, dup.id, survivor.nhsNumber] : [survivor.id, dup.id],
      );
      moved[t.table] = count;
    }
    await em.query(`SELECT set_config('app.patient_merge', 'off', true)`);
    await em.query('UPDATE patients SET merged_into_id = $2, merged_at = now(), trace_next_at = NULL, version = version + 1, updated_at = now() WHERE id = $1', [
      dup.id,
      survivor.id,
    ]);
    if (!survivor.careCoordinatorStaffId && dup.care_coordinator_staff_id) {
      await em.query(
        `UPDATE patients s SET care_coordinator_staff_id = d.care_coordinator_staff_id, care_coordinator_name = d.care_coordinator_name,
           care_coordinator_team_code = d.care_coordinator_team_code, version = s.version + 1, updated_at = now()
         FROM patients d WHERE s.id = $1 AND d.id = $2`,
        [survivor.id, dup.id],
      );
    }
    await em.query(
      `UPDATE tasks SET status = 'done', outcome = 'Merged', completed_at = now(), completed_by = $2, version = version + 1, updated_at = now()
       WHERE dedupe_key = $1 AND status = 'open'`,
      [`merge_duplicate_patient:${dup.id}`, ctx.principal.sub],
    );
    await this.audit.record(em, ctx, [
      { action: 'patient.merged', resourceType: 'patient', resourceId: survivor.nhsNumber, patient: survivor, reason: `duplicate ${dup.id}` },
      { action: 'patient.merged_away', resourceType: 'patient', resourceId: dup.id, patient: { id: dup.id, nhsNumber: dup.nhs_number }, reason: `into ${survivor.id}` },
    ]);
    return { survivor: { id: survivor.id, nhsNumber: survivor.nhsNumber as string }, duplicateId: dup.id, moved };
  }
}
