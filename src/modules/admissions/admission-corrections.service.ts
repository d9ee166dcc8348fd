import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { AlertsService } from '../alerts/alerts.service';
import { AdmissionsRepository } from './admissions.repository';
import { AdmissionsService } from './admissions.service';
import { timeProblem } from './domain/admission-rules';
import type { AdmissionView } from './dto/admission.dto';
import type { TransferDto } from './dto/admission-corrections.dto';

/**
 * The admission operations a hospital's patient administration system sends besides admit and
 * discharge: transfer (ward change, and its cancellation), cancel the admission (entered in error),
 * cancel the discharge. REST and the feeds (HL7 A02/A12/A11/A13) call the same methods, each in the
 * caller's transaction through AdmissionsService.changeIn (lock, access gate, audit).
 */
@Injectable()
export class AdmissionCorrectionsService {
  constructor(
    private readonly db: DataSource,
    private readonly admissions: AdmissionsService,
    private readonly alerts: AlertsService,
    private readonly repo: AdmissionsRepository,
  ) {}

  transfer(ctx: RequestContext, id: string, dto: TransferDto): Promise<AdmissionView> {
    return this.db.transaction((em) => this.transferIn(em, ctx, id, dto));
  }

  transferIn(em: EntityManager, ctx: RequestContext, id: string, dto: TransferDto): Promise<AdmissionView> {
    return this.admissions.changeIn(em, ctx, id, 'admission.transfer', async (tx, row, now) => {
      const problem = timeProblem(new Date(dto.at), row.admitted_at, now);
      if (problem) throw new ValidationFailed('The transfer is not valid', [{ field: 'at', message: problem }]);
      await this.repo.transfer(tx, row.id, dto.ward.trim());
    });
  }

  cancel(ctx: RequestContext, id: string): Promise<AdmissionView> {
    return this.db.transaction((em) => this.cancelIn(em, ctx, id));
  }

  /** The admission was entered in error: it stops counting (relationships, lists, metrics) and the teams alerted are told. */
  cancelIn(em: EntityManager, ctx: RequestContext, id: string): Promise<AdmissionView> {
    return this.admissions.changeIn(em, ctx, id, 'admission.cancel', async (tx, row) => {
      await this.repo.cancel(tx, row.id);
      await this.alerts.raise(tx, {
        type: 'admission_cancelled',
        teamCodes: row.known_to.map((k) => k.teamCode),
        patientId: row.patient_id,
        detail: { admissionId: row.id, hospitalOds: row.hospital_ods, admittedAt: row.admitted_at.toISOString() },
        dedupeKey: `admission_cancelled:${row.id}`,
      });
    });
  }

  cancelDischarge(ctx: RequestContext, id: string): Promise<AdmissionView> {
    return this.db.transaction((em) => this.cancelDischargeIn(em, ctx, id));
  }

  /** The discharge did not happen: the patient is an inpatient again and the teams told of the discharge are told. */
  cancelDischargeIn(em: EntityManager, ctx: RequestContext, id: string): Promise<AdmissionView> {
    const expect = { status: 'discharged', problem: 'Only a discharged admission can have its discharge cancelled' };
    return this.admissions.changeIn(
      em,
      ctx,
      id,
      'admission.cancel_discharge',
      async (tx, row) => {
        await this.repo.cancelDischarge(tx, row.id);
        await this.alerts.raise(tx, {
          type: 'discharge_cancelled',
          teamCodes: row.known_to.map((k) => k.teamCode),
          patientId: row.patient_id,
          detail: { admissionId: row.id, hospitalOds: row.hospital_ods, dischargedAt: row.discharged_at?.toISOString() ?? null },
          dedupeKey: `discharge_cancelled:${row.id}:${row.version}`,
        });
      },
      expect,
    );
  }

  /**
   * The admission a feed message is about: the patient's latest admission at the hospital in the
   * given status (inpatient for transfer/discharge/cancel, discharged for cancel discharge).
   */
  latestFor(em: EntityManager, patientId: string, hospitalOds: string, status: 'inpatient' | 'discharged'): Promise<{ id: string; admittedAt: Date } | null> {
    return this.repo.latest(em, patientId, hospitalOds, status);
  }
}
