import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { ValidationFailed } from '../../common/errors/domain-error';
import { FUTURE_TOLERANCE_MS, localDate } from '../admissions/domain/admission-rules';
import { AdmissionsForResidencesRepository } from '../admissions/for-residences.repository';
import { ReferralsForResidencesRepository } from '../referrals/for-residences.repository';
import { CareHomesRepository } from './care-homes.repository';
import { type NewResidence, ResidencesRepository } from './residences.repository';
import { decideMove, residenceAfterBedStay, residenceAfterHospitalDischarge } from './domain/residence-rules';
import type { RecordReablementDto, RecordResidenceDto, ResidenceHistoryView } from './dto/residence.dto';

/** A move into a residence: the row it adds to the history. */
export type Move = NewResidence;

/**
 * Where people live over time (`patient_residences`) and reablement starts. Other capabilities
 * call `move(em, …)` inside their own transaction when a discharge or a bed-stay end changes where
 * someone lives; staff record other moves (a community move by social care) through the API.
 */
@Injectable()
export class ResidencesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
    private readonly residences: ResidencesRepository,
    private readonly careHomes: CareHomesRepository,
    private readonly admissions: AdmissionsForResidencesRepository,
    private readonly referrals: ReferralsForResidencesRepository,
  ) {}

  /** Records a move (no-op when it is the same place); throws ValidationFailed when dated before the current residence. */
  async move(em: EntityManager, m: Move): Promise<boolean> {
    // Serialise moves of one person (the exclusion constraint would refuse the loser anyway).
    await this.residences.lockPerson(em, m.patientId);
    const current = await this.residences.current(em, m.patientId);
    const decision = decideMove(
      current ? { kind: current.kind, careHomeOds: current.careHomeOds, fromDate: current.fromDate, toDate: null } : null,
      { kind: m.kind, careHomeOds: m.careHomeOds },
      m.from,
    );
    if (decision.action === 'none') return false;
    if (decision.action === 'reject') throw new ValidationFailed('The move is not valid', [{ field: 'from', message: decision.message }]);
    if (current && decision.closeCurrentOn) await this.residences.close(em, current.id, decision.closeCurrentOn);
    await this.residences.insert(em, m);
    return true;
  }

  /** A hospital discharge that changes where the person lives (to a new care home) moves them from the day of discharge. */
  async afterHospitalDischarge(em: EntityManager, d: { patientId: string; destination: string; careHomeOds?: string; at: Date; admissionId: string; by: string }): Promise<void> {
    if (d.careHomeOds && d.destination !== 'care_home_new') {
      throw new ValidationFailed('The discharge is not valid', [{ field: 'careHomeOds', message: 'is only given for a discharge to a new care home' }]);
    }
    const kind = residenceAfterHospitalDischarge(d.destination);
    if (!kind) return;
    await this.checkCareHome(em, d.careHomeOds, 'careHomeOds');
    await this.move(em, { patientId: d.patientId, kind, careHomeOds: d.careHomeOds ?? null, from: localDate(d.at), source: 'hospital_discharge', sourceId: d.admissionId, by: d.by });
  }

  /** A community bed stay ending in a care home moves the person from the day it ended. */
  async afterBedStayDischarge(em: EntityManager, d: { patientId: string; destination: string; at: Date; stayId: string; by: string }): Promise<void> {
    const kind = residenceAfterBedStay(d.destination);
    if (!kind) return;
    await this.move(em, { patientId: d.patientId, kind, careHomeOds: null, from: localDate(d.at), source: 'bed_stay_discharge', sourceId: d.stayId, by: d.by });
  }

  private async checkCareHome(em: EntityManager, ods: string | undefined, field: string): Promise<void> {
    if (!ods) return;
    if ((await this.careHomes.organisationType(em, ods)) !== 'care_home') throw new ValidationFailed('The request is not valid', [{ field, message: 'is not a known care home' }]);
  }

  async record(ctx: RequestContext, nhsNumber: string, dto: RecordResidenceDto): Promise<ResidenceHistoryView> {
    if (dto.kind === 'home' && dto.careHomeOds) throw new ValidationFailed('The move is not valid', [{ field: 'careHomeOds', message: 'is only given for a care home' }]);
    if (Number.isNaN(Date.parse(`${dto.from}T00:00:00Z`)) || new Date(`${dto.from}T00:00:00Z`).toISOString().slice(0, 10) !== dto.from) {
      throw new ValidationFailed('The move is not valid', [{ field: 'from', message: 'is not a real date' }]);
    }
    if (dto.from > localDate(this.clock.now())) throw new ValidationFailed('The move is not valid', [{ field: 'from', message: 'is in the future' }]);
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'residence.record', resourceType: 'patient' });
      await this.checkCareHome(em, dto.careHomeOds, 'careHomeOds');
      await this.move(em, { patientId: patient.id, kind: dto.kind, careHomeOds: dto.careHomeOds ?? null, from: dto.from, source: 'update', sourceId: null, by: ctx.principal.sub });
      return this.history(em, patient.id, nhsNumber);
    });
  }

  async list(ctx: RequestContext, nhsNumber: string): Promise<ResidenceHistoryView> {
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'residence.read', resourceType: 'patient' });
      return this.history(em, patient.id, nhsNumber);
    });
  }

  async recordReablement(ctx: RequestContext, nhsNumber: string, dto: RecordReablementDto): Promise<{ id: string; startedAt: string; setting: string; admissionId: string | null; referralId: string | null }> {
    const startedAt = new Date(dto.startedAt);
    if (Number.isNaN(startedAt.getTime()) || startedAt.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) {
      throw new ValidationFailed('The reablement start is not valid', [{ field: 'startedAt', message: 'is not a real time in the past' }]);
    }
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'reablement.record', resourceType: 'patient' });
      if (dto.admissionId) {
        if ((await this.admissions.patientOf(em, dto.admissionId)) !== patient.id) throw new ValidationFailed('The reablement start is not valid', [{ field: 'admissionId', message: "is not one of this patient's admissions" }]);
      }
      if (dto.referralId) {
        if ((await this.referrals.patientOf(em, dto.referralId)) !== patient.id) throw new ValidationFailed('The reablement start is not valid', [{ field: 'referralId', message: "is not one of this patient's referrals" }]);
      }
      const id = await this.residences.insertReablementStart(em, {
        patientId: patient.id,
        admissionId: dto.admissionId ?? null,
        referralId: dto.referralId ?? null,
        setting: dto.setting,
        startedAt,
        by: ctx.principal.sub,
      });
      return { id, startedAt: startedAt.toISOString(), setting: dto.setting, admissionId: dto.admissionId ?? null, referralId: dto.referralId ?? null };
    });
  }

  private async history(em: EntityManager, patientId: string, nhsNumber: string): Promise<ResidenceHistoryView> {
    return { nhsNumber, items: await this.residences.history(em, patientId) };
  }
}
