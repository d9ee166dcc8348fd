import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { Clock } from '../../../common/clock';
import { AdmissionCorrectionsService } from '../../admissions/admission-corrections.service';
import { AdmissionsService } from '../../admissions/admissions.service';
import { IdentityRepository } from '../../identity/identity.repository';
import { PatientsForIntegrationsRepository } from '../../patients/for-integrations.repository';
import type { PatientEntity } from '../../patients/patient.entity';
import { TasksService } from '../../tasks/tasks.service';
import { InReachService } from '../inreach/in-reach.service';
import { AdtProblem, type AdtEvent, type Demographics } from './domain/adt';

/** What applying an event did: `processed`, or `waiting` for an admission that has not arrived yet. */
export interface Applied {
  outcome: 'processed' | 'waiting';
  patientId: string;
}

/**
 * A40 merge: issue 14 (patient identity) provides the real merge. Until then the hook raises a task
 * for the single point of access to merge the records by hand. Replace `PatientMergeHook.merge`.
 */
@Injectable()
export class PatientMergeHook {
  constructor(
    private readonly tasks: TasksService,
    private readonly identity: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  async merge(em: EntityManager, ctx: RequestContext, surviving: PatientEntity, mergedNhsNumber: string, hospitalOds: string): Promise<void> {
    const spoa = await this.identity.identityTeam(em);
    if (!spoa) return;
    await this.tasks.create(em, {
      type: 'patient_merge',
      teamCode: spoa,
      patientId: surviving.id,
      title: 'Hospital merged two patient records (HL7 A40): check and merge ours',
      detail: `${hospitalOds} merged a record into this patient; the other NHS number is in the hospital's MRG-1.`,
      dueAt: new Date(this.clock.now().getTime() + 24 * 3_600_000),
      source: { type: 'hl7_a40', id: null },
      createdBy: ctx.principal.sub,
      dedupeKey: `patient_merge:${surviving.id}:${mergedNhsNumber}`,
    });
  }
}

/**
 * Applies one ADT event through the admissions service (the same methods REST calls), inside the
 * caller's transaction. Events that need an admission which does not exist yet are `waiting`.
 */
@Injectable()
export class Hl7ApplyService {
  constructor(
    private readonly admissions: AdmissionsService,
    private readonly corrections: AdmissionCorrectionsService,
    private readonly inReach: InReachService,
    private readonly audit: AuditService,
    private readonly merges: PatientMergeHook,
    private readonly patients: PatientsForIntegrationsRepository,
  ) {}

  async apply(em: EntityManager, ctx: RequestContext, ev: AdtEvent, hospitalOds: string): Promise<Applied> {
    const patient = await this.patientFor(em, ctx, ev.patient);
    const done = (outcome: Applied['outcome'] = 'processed'): Applied => ({ outcome, patientId: patient.id });
    const nhsNumber = ev.patient.nhsNumber;
    const inpatient = () => this.corrections.latestFor(em, patient.id, hospitalOds, 'inpatient');
    switch (ev.event) {
      case 'A01': {
        const admittedAt = ev.admittedAt ?? ev.eventAt;
        await this.admissions.createIn(em, ctx, {
          nhsNumber,
          hospitalOds,
          admittedAt: admittedAt.toISOString(),
          method: ev.method ?? 'emergency',
          ...(ev.ward ? { ward: ev.ward } : {}),
        });
        await this.inReach.left(em, patient.id, hospitalOds, admittedAt);
        return done();
      }
      case 'A04':
        // A registration is an A&E attendance when the patient class is emergency; others change nothing here.
        if (ev.patientClass === 'E') await this.inReach.attend(em, patient, hospitalOds, ev.admittedAt ?? ev.eventAt);
        return done();
      case 'A02':
      case 'A12': {
        if (!ev.ward) throw new AdtProblem('HL7_INVALID_FIELD', 'PV1-3', 'PV1-3 (assigned location) is missing');
        const admission = await inpatient();
        if (!admission) return done('waiting');
        await this.corrections.transferIn(em, ctx, admission.id, { ward: ev.ward, at: ev.eventAt.toISOString() });
        return done();
      }
      case 'A03': {
        const at = ev.dischargedAt ?? ev.eventAt;
        if (ev.patientClass === 'E' && (await this.inReach.left(em, patient.id, hospitalOds, at)) > 0) return done();
        const admission = await inpatient();
        if (!admission) return done(ev.patientClass === 'E' ? 'processed' : 'waiting');
        await this.admissions.dischargeIn(em, ctx, admission.id, { at: at.toISOString(), destination: ev.destination ?? 'other' });
        return done();
      }
      case 'A08': {
        const admission = await inpatient();
        if (!admission) return done(ev.patientClass === 'E' ? 'processed' : 'waiting');
        if (ev.ward) await this.corrections.transferIn(em, ctx, admission.id, { ward: ev.ward, at: ev.eventAt.toISOString() });
        if (ev.estimatedDischargeDate) await this.admissions.estimatedDischargeIn(em, ctx, admission.id, { date: ev.estimatedDischargeDate });
        return done();
      }
      case 'A11': {
        const admission = await inpatient();
        if (!admission) return done('waiting');
        await this.corrections.cancelIn(em, ctx, admission.id);
        return done();
      }
      case 'A13': {
        const admission = await this.corrections.latestFor(em, patient.id, hospitalOds, 'discharged');
        if (!admission) return done('waiting');
        await this.corrections.cancelDischargeIn(em, ctx, admission.id);
        return done();
      }
      case 'A40':
        if (ev.mergedNhsNumber && ev.mergedNhsNumber !== nhsNumber) await this.merges.merge(em, ctx, patient, ev.mergedNhsNumber, hospitalOds);
        return done();
    }
  }

  /**
   * The patient by NHS number; a patient we do not hold yet is created from PID-5/7/8/11 (name and
   * date of birth required). Demographics of a patient we hold are not overwritten by the PAS.
   */
  async patientFor(em: EntityManager, ctx: RequestContext, d: Demographics): Promise<PatientEntity> {
    const existing = await this.patients.byNhsNumber(em, d.nhsNumber);
    if (existing) return existing;
    if (!d.familyName || !d.givenName) throw new AdtProblem('HL7_INVALID_FIELD', 'PID-5', 'PID-5 (family and given name) is required for a new patient');
    if (!d.dateOfBirth || Number.isNaN(Date.parse(d.dateOfBirth))) throw new AdtProblem('HL7_INVALID_FIELD', 'PID-7', 'PID-7 (date of birth) is required for a new patient');
    await this.patients.insertIfAbsent(em, {
      nhsNumber: d.nhsNumber,
      givenName: d.givenName.slice(0, 100),
      familyName: d.familyName.slice(0, 100),
      dateOfBirth: d.dateOfBirth,
      sex: d.sex,
      address: d.address,
    });
    const patient = await this.patients.mustFind(em, d.nhsNumber);
    await this.audit.record(em, ctx, { action: 'patient.create', resourceType: 'patient', resourceId: d.nhsNumber, patient });
    return patient;
  }
}
