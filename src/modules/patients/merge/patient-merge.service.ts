import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../../common/access/patient-access.service';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { ValidationFailed } from '../../../common/errors/domain-error';
import { TasksService } from '../../tasks/tasks.service';
import { DuplicatePatientNotFound, PatientAlreadyMerged, PatientMergeConflict } from '../patient-errors';
import { MERGE_CONFLICT_CHECKS, PATIENT_LINKED_TABLES } from './merge-tables';
import { MergeRepository } from './merge.repository';

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
    private readonly merges: MergeRepository,
    private readonly tasks: TasksService,
  ) {}

  merge(ctx: RequestContext, survivorNhsNumber: string, duplicateId: string): Promise<MergeResult> {
    return this.db.transaction((em) => this.mergeIn(em, ctx, survivorNhsNumber, duplicateId));
  }

  async mergeIn(em: EntityManager, ctx: RequestContext, survivorNhsNumber: string, duplicateId: string): Promise<MergeResult> {
    const { patient: survivor } = await this.access.open(em, ctx, survivorNhsNumber, { action: 'patient.merge' }, { lock: true });
    if (survivor.mergedIntoId) throw new PatientAlreadyMerged();
    if (survivor.id === duplicateId) throw new ValidationFailed('A record cannot be merged into itself', [{ field: 'duplicateId', message: 'is the surviving record' }]);
    const dup = await this.merges.lockDuplicate(em, duplicateId);
    if (!dup || dup.mergedIntoId) throw new DuplicatePatientNotFound();
    const conflicts = await this.merges.conflicts(em, survivor.id, dup.id, MERGE_CONFLICT_CHECKS);
    if (conflicts.length) throw new PatientMergeConflict(conflicts.map((c) => c.name));

    await this.merges.allowMergeChanges(em, true);
    await this.merges.keepNewerLatestRisk(em, survivor.id, dup.id);
    const moved: Record<string, number> = {};
    for (const t of PATIENT_LINKED_TABLES.filter((x) => x.mode === 'move')) moved[t.table] = await this.merges.move(em, t, survivor, dup.id);
    await this.merges.allowMergeChanges(em, false);
    await this.merges.markMerged(em, dup.id, survivor.id);
    if (!survivor.careCoordinatorStaffId && dup.careCoordinatorStaffId) await this.merges.adoptCareCoordinator(em, survivor.id, dup.id);
    await this.tasks.completeByKey(em, `merge_duplicate_patient:${dup.id}`, 'Merged', ctx.principal.sub);
    await this.audit.record(em, ctx, [
      { action: 'patient.merged', resourceType: 'patient', resourceId: survivor.nhsNumber, patient: survivor, reason: `duplicate ${dup.id}` },
      { action: 'patient.merged_away', resourceType: 'patient', resourceId: dup.id, patient: { id: dup.id, nhsNumber: dup.nhsNumber }, reason: `into ${survivor.id}` },
    ]);
    return { survivor: { id: survivor.id, nhsNumber: survivor.nhsNumber as string }, duplicateId: dup.id, moved };
  }
}
