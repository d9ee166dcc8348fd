import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../../common/auth/principal';
import { Clock } from '../../../common/clock';
import { ValidationFailed } from '../../../common/errors/domain-error';
import { AdmissionCorrectionsService } from '../../admissions/admission-corrections.service';
import { AdmissionsService } from '../../admissions/admissions.service';
import { PatientsForIntegrationsRepository } from '../../patients/for-integrations.repository';
import type { PatientEntity } from '../../patients/patient.entity';
import type { Demographics } from '../hl7/domain/adt';
import { Hl7ApplyService } from '../hl7/hl7-apply.service';
import { InReachService } from '../inreach/in-reach.service';
import type { EncounterInput } from './domain/encounter';
import { type EncounterReceipt, FhirEncountersRepository } from './fhir-encounters.repository';

export interface EncounterResult {
  created: boolean;
  id: string;
  admissionId: string | null;
  attendanceId: string | null;
}

/**
 * The FHIR door: an Encounter (or a transaction Bundle of Patient + Encounter) has the same effect
 * as the HL7 events and REST calls, through the same admissions methods, in one transaction.
 * Idempotent by Encounter.identifier: the row is claimed on its unique constraint first, so a
 * repeat (or a concurrent duplicate) with the same status changes nothing.
 */
@Injectable()
export class FhirEncountersService {
  constructor(
    private readonly db: DataSource,
    private readonly admissions: AdmissionsService,
    private readonly corrections: AdmissionCorrectionsService,
    private readonly inReach: InReachService,
    private readonly feedPatients: Hl7ApplyService,
    private readonly receipts: FhirEncountersRepository,
    private readonly patients: PatientsForIntegrationsRepository,
    private readonly clock: Clock,
  ) {}

  receive(ctx: RequestContext, enc: EncounterInput, patient: Demographics | null): Promise<EncounterResult> {
    return this.db.transaction(async (em) => {
      const claimed = await this.receipts.claim(em, enc.identifier.system, enc.identifier.value);
      const created = claimed !== null;
      const receipt = claimed ?? (await this.receipts.lock(em, enc.identifier.system, enc.identifier.value));
      if (receipt.phase === enc.phase) return this.result(false, receipt);
      const p = patient ? await this.feedPatients.patientFor(em, ctx, patient) : await this.known(em, enc.nhsNumber as string);
      const next = enc.emergencyDepartment ? await this.attendance(em, enc, p, receipt) : await this.stay(em, ctx, enc, receipt);
      await this.receipts.update(em, { id: receipt.id, phase: enc.phase, ...next });
      return this.result(created, { ...receipt, ...next });
    });
  }

  private result(created: boolean, r: EncounterReceipt): EncounterResult {
    return { created, id: r.id, admissionId: r.admissionId, attendanceId: r.attendanceId };
  }

  private async known(em: EntityManager, nhsNumber: string): Promise<PatientEntity> {
    const patient = await this.patients.byNhsNumber(em, nhsNumber);
    if (!patient) {
      throw new ValidationFailed('The Encounter is not valid', [
        { field: 'Encounter.subject', message: 'is not a patient we hold: send a transaction Bundle with the Patient' },
      ]);
    }
    return patient;
  }

  /** Inpatient stay: admit (active), discharge (finished; admitting first if we never saw it), cancel. */
  private async stay(em: EntityManager, ctx: RequestContext, enc: EncounterInput, r: EncounterReceipt): Promise<Pick<EncounterReceipt, 'admissionId' | 'attendanceId'>> {
    let admissionId = r.admissionId;
    if (!admissionId && enc.phase !== 'cancelled') {
      const { view } = await this.admissions.createIn(em, ctx, {
        nhsNumber: enc.nhsNumber as string,
        hospitalOds: enc.hospitalOds,
        admittedAt: enc.start.toISOString(),
        method: enc.method,
        ...(enc.ward ? { ward: enc.ward } : {}),
      });
      admissionId = view.id;
    }
    if (admissionId && enc.phase === 'finished') {
      await this.admissions.dischargeIn(em, ctx, admissionId, { at: (enc.end as Date).toISOString(), destination: enc.destination ?? 'other' });
    }
    if (admissionId && enc.phase === 'cancelled') await this.corrections.cancelIn(em, ctx, admissionId);
    if (admissionId && enc.phase === 'active' && r.phase === 'finished') await this.corrections.cancelDischargeIn(em, ctx, admissionId);
    return { admissionId, attendanceId: null };
  }

  /** A&E attendance: the in-reach clock starts (known patients) and stops when the encounter ends. */
  private async attendance(em: EntityManager, enc: EncounterInput, patient: PatientEntity, r: EncounterReceipt): Promise<Pick<EncounterReceipt, 'admissionId' | 'attendanceId'>> {
    let attendanceId = r.attendanceId;
    if (enc.phase === 'active' && !attendanceId) attendanceId = await this.inReach.attend(em, patient, enc.hospitalOds, enc.start);
    if (enc.phase !== 'active') await this.inReach.left(em, patient.id, enc.hospitalOds, enc.end ?? this.clock.now());
    return { admissionId: null, attendanceId };
  }
}
