import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Relationship } from '../../common/access/domain/access-policy';
import { PatientAccessService } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { Clock } from '../../common/clock';
import { writeTransaction } from '../../database/write-transaction';
import { AdmissionsForResidencesRepository } from '../admissions/for-residences.repository';
import { ReferralsForResidencesRepository } from '../referrals/for-residences.repository';
import { ResidencesService } from '../residences/residences.service';
import { BedAllocator } from './bed-allocator';
import { BedDemandService } from './bed-demand.service';
import { BedMixService } from './bed-mix.service';
import { BedPatientGate } from './bed-patient-gate';
import { BedRequestsRepository } from './bed-requests.repository';
import { BedStaysRepository } from './bed-stays.repository';
import { BedUnitScope } from './bed-unit-scope';
import { BedUnitsRepository } from './bed-units.repository';
import { BedsRepository } from './beds.repository';
import {
  BedRequestExists,
  BedRequestNotFound,
  BedRequestNotOpen,
  BedStayNotFound,
  BedUnitNotFound,
  CapabilityMismatch,
  PurposeNotAccepted,
} from './beds.errors';
import { assertCanAdmit, assertCanDecline, assertCanDischarge } from './domain/bed-lifecycle';
import { purposeAllowed } from './domain/eligibility';
import type { BedState, Capability, Direction, Purpose, RequestStatus } from './domain/types';
import { AdmitStayDto, CancelBedRequestDto, CreateBedRequestDto, DeclineStayDto, DischargeStayDto } from './dto/bed-request.dto';
import { BedRequestItem, RequestRow, StayRow, toBedRequestView, toStayView } from './dto/views';

const alreadyOpen = () => new BedRequestExists('The patient already has an open bed request or a bed');

/** The indexes that keep one open request and one active stay per patient: a race the check in create() lost. */
const ONE_PER_PATIENT = { uq_bed_requests_open_patient: alreadyOpen, uq_bed_stays_active_patient: alreadyOpen };

/** Allow a little clock skew between the caller and us for "at" times. */
const FUTURE_SKEW_MS = 5 * 60_000;

function instant(value: string | undefined, field: string, notBefore: Date | null, now: Date): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new ValidationFailed(`${field} is not a valid instant`, [{ field, message: 'is not a valid instant' }]);
  if (at.getTime() > now.getTime() + FUTURE_SKEW_MS) throw new ValidationFailed(`${field} is in the future`, [{ field, message: 'is in the future' }]);
  if (notBefore && at < notBefore) throw new ValidationFailed(`${field} is before the previous step`, [{ field, message: `is before ${notBefore.toISOString()}` }]);
  return at;
}

/** Relationships a request row carries: the requesting team, and the unit team of its active stay. */
function knownFrom(r: RequestRow): Relationship[] {
  const out: Relationship[] = [];
  if (r.requested_by_team && (r.status === 'waiting' || r.status === 'offered')) out.push({ teamCode: r.requested_by_team, relationship: 'bed_request' });
  if (r.stay_team_code && (r.stay_status === 'offered' || r.stay_status === 'occupied')) out.push({ teamCode: r.stay_team_code, relationship: 'bed_stay' });
  return out;
}

/** Bed requests and the stay lifecycle (offered -> occupied -> discharged, or declined / withdrawn). */
@Injectable()
export class BedRequestsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly gate: BedPatientGate,
    private readonly allocator: BedAllocator,
    private readonly mix: BedMixService,
    private readonly residences: ResidencesService,
    private readonly demand: BedDemandService,
    private readonly clock: Clock,
    private readonly requests: BedRequestsRepository,
    private readonly stays: BedStaysRepository,
    private readonly beds: BedsRepository,
    private readonly units: BedUnitsRepository,
    private readonly scope: BedUnitScope,
    private readonly admissions: AdmissionsForResidencesRepository,
    private readonly referrals: ReferralsForResidencesRepository,
  ) {}

  /** A linked referral or admission must exist and be this patient's (foreign keys guard existence too). */
  private async assertLinksBelongTo(em: EntityManager, patientId: string, referralId?: string, admissionId?: string): Promise<void> {
    const errors: { field: string; message: string }[] = [];
    if (referralId && (await this.referrals.patientOf(em, referralId)) !== patientId) errors.push({ field: 'referralId', message: 'is not a referral of this patient' });
    if (admissionId && (await this.admissions.patientOf(em, admissionId)) !== patientId) {
      errors.push({ field: 'admissionId', message: 'is not a hospital admission of this patient' });
    }
    if (errors.length) throw new ValidationFailed('The request links to something that is not this patient\'s', errors);
  }

  /**
   * Raises a request and runs the allocator in the same transaction: the answer is already
   * `offered` (with its stay) when an eligible bed was free. Refused, changing nothing, when no bed
   * anywhere (or in the named unit) could ever take it, or the patient already has an open request
   * or a bed.
   */
  async create(ctx: RequestContext, dto: CreateBedRequestDto): Promise<BedRequestItem> {
    const id = randomUUID();
    const needs = dto.needs ?? [];
    try {
      await writeTransaction(this.db, async (em) => {
        const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'bed_request.create', resourceType: 'bed_request', resourceId: id });
        if (dto.unitId && !(await this.units.unit(em, dto.unitId))) throw new BedUnitNotFound(`No bed unit ${dto.unitId}`);
        await this.assertLinksBelongTo(em, patient.id, dto.referralId, dto.admissionId);
        await this.assertSomeBedCouldTake(em, needs, dto.purpose ?? null, dto.unitId ?? null);
        if (await this.requests.patientHasOpenRequestOrBed(em, patient.id)) throw new BedRequestExists('Cancel the open request, or discharge the stay, first');
        await this.requests.insert(em, {
          id,
          patientId: patient.id,
          direction: dto.direction,
          referralId: dto.referralId ?? null,
          admissionId: dto.admissionId ?? null,
          needs,
          purpose: dto.purpose ?? null,
          priority: dto.priority ?? 'routine',
          earliestAt: dto.earliestAt ? new Date(dto.earliestAt) : null,
          preferredLocality: dto.preferredLocality ?? null,
          unitId: dto.unitId ?? null,
          requestedBySub: ctx.principal.sub,
          requestedByTeam: ctx.principal.teams[0] ?? null,
        });
        await this.allocator.run(em, 'request_arrived', ctx);
      }, { constraints: ONE_PER_PATIENT });
    } catch (e) {
      if (e instanceof CapabilityMismatch || e instanceof PurposeNotAccepted) {
        // No bed could ever take it: the request is refused (and changes nothing), but the demand was real.
        await this.demand.noteRefusal({
          direction: dto.direction,
          priority: dto.priority ?? 'routine',
          needs,
          cause: e instanceof CapabilityMismatch ? 'no_capable_bed' : 'purpose_not_accepted',
          team: ctx.principal.teams[0] ?? null,
        });
      }
      throw e;
    }
    return this.db.transaction(async (em) => toBedRequestView((await this.requests.request(em, id)) as RequestRow, true));
  }

  async get(ctx: RequestContext, id: string): Promise<BedRequestItem> {
    return this.db.transaction(async (em) => {
      const r = await this.requests.request(em, id);
      if (!r) throw new BedRequestNotFound(`No bed request ${id}`);
      await this.gate.open(em, ctx, r.patient_id, { action: 'bed_request.read', resourceType: 'bed_request', resourceId: id }, () => new BedRequestNotFound(`No bed request ${id}`));
      return toBedRequestView(r, true);
    });
  }

  /** Oldest first (requested_at, id): the waiting list in arrival order. NHS numbers only where the caller may see the patient. */
  async list(ctx: RequestContext, q: { status?: RequestStatus; direction?: Direction; limit: number; cursor?: string }): Promise<Page<BedRequestItem>> {
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    return this.db.transaction(async (em) => {
      const rows = await this.requests.list(em, { status: q.status, direction: q.direction, after, limit: q.limit + 1 });
      const page = rows.slice(0, q.limit);
      const visible = await this.gate.visible(
        em,
        ctx,
        page.map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, known: knownFrom(r), resourceType: 'bed_request', resourceId: r.id })),
        'bed_request.list',
      );
      return toPage(rows, q.limit, (r) => [r.cursorAt, r.id], (r) => toBedRequestView(r, visible.has(r.patient_id)));
    });
  }

  /**
   * Cancels a waiting or offered request; an offer is withdrawn and its bed goes to the next in line.
   * Locks the offered stay before the request, the same order as admit and decline (no deadlock).
   */
  async cancel(ctx: RequestContext, id: string, dto: CancelBedRequestDto): Promise<BedRequestItem> {
    await writeTransaction(this.db, async (em) => {
      const offered = await this.stays.lockOfferedForRequests(em, [id]);
      const r = await this.requests.lock(em, id);
      if (!r) throw new BedRequestNotFound(`No bed request ${id}`);
      await this.gate.open(em, ctx, r.patientId, { action: 'bed_request.cancel', resourceType: 'bed_request', resourceId: id }, () => new BedRequestNotFound(`No bed request ${id}`));
      if (r.status !== 'waiting' && r.status !== 'offered') throw new BedRequestNotOpen(`The request is ${r.status}`);
      let stays = r.status === 'offered' ? offered : [];
      if (r.status === 'offered' && stays.length === 0) {
        // Offered after our first read, by an allocator that has since committed: lock its stay now.
        stays = await this.stays.lockOfferedForRequests(em, [id]);
      }
      await this.requests.cancel(em, [id], dto.reason);
      for (const s of stays) {
        await this.stays.withdraw(em, s.id, dto.reason);
        await this.beds.release(em, s.bedId);
      }
      if (stays.length) await this.allocator.run(em, 'request_cancelled', ctx);
    });
    return this.get(ctx, id);
  }

  async getStay(ctx: RequestContext, id: string) {
    return this.db.transaction(async (em) => {
      const s = await this.stays.stay(em, id);
      if (!s) throw new BedStayNotFound(`No bed stay ${id}`);
      await this.gate.open(em, ctx, s.patient_id, { action: 'bed_stay.read', resourceType: 'bed_stay', resourceId: id }, () => new BedStayNotFound(`No bed stay ${id}`));
      return toStayView(s);
    });
  }

  /** offered -> occupied. Never into a closed bed. Re-judges the unit's mix (drift alert). */
  async admit(ctx: RequestContext, id: string, dto: AdmitStayDto) {
    return writeTransaction(this.db, async (em) => {
      const s = await this.lockStay(em, ctx, id, 'bed_stay.admit');
      assertCanAdmit(s.status, (await this.beds.lockState(em, s.bedId)) as BedState);
      const at = instant(dto.at, 'at', s.offeredAt, this.clock.now());
      await this.stays.admit(em, id, at);
      await this.requests.setStatus(em, s.requestId, 'admitted');
      await this.beds.touch(em, s.bedId);
      await this.mix.evaluateDrift(em, s.unitId);
      return toStayView((await this.stays.stay(em, id)) as StayRow);
    });
  }

  /** occupied -> discharged with a destination; the bed goes to cleaning until marked ready. */
  async discharge(ctx: RequestContext, id: string, dto: DischargeStayDto) {
    return writeTransaction(this.db, async (em) => {
      const s = await this.lockStay(em, ctx, id, 'bed_stay.discharge');
      assertCanDischarge(s.status);
      const at = instant(dto.at, 'at', s.admittedAt, this.clock.now());
      await this.stays.discharge(em, id, at, dto.destination);
      // Where the person now lives (residence history): a stay ending in a care home moves them.
      await this.residences.afterBedStayDischarge(em, { patientId: s.patientId, destination: dto.destination, at, stayId: id, by: ctx.principal.sub });
      await this.beds.toCleaning(em, s.bedId);
      return toStayView((await this.stays.stay(em, id)) as StayRow);
    });
  }

  /**
   * Releases an offer. By default the request waits again (keeping its place by waiting time) and
   * is not offered this unit again; with requeue false it is cancelled. The bed goes to the next in line.
   */
  async decline(ctx: RequestContext, id: string, dto: DeclineStayDto) {
    return writeTransaction(this.db, async (em) => {
      const s = await this.lockStay(em, ctx, id, 'bed_stay.decline');
      assertCanDecline(s.status);
      await this.stays.decline(em, id, dto.reason);
      if (dto.requeue === false) await this.requests.cancel(em, [s.requestId], dto.reason);
      else await this.requests.requeueExcluding(em, s.requestId, s.unitId);
      await this.beds.release(em, s.bedId);
      await this.allocator.run(em, 'offer_declined', ctx);
      return toStayView((await this.stays.stay(em, id)) as StayRow);
    });
  }

  private async lockStay(em: EntityManager, ctx: RequestContext, id: string, action: string) {
    const s = await this.stays.lock(em, id);
    if (!s) throw new BedStayNotFound(`No bed stay ${id}`);
    // The patient gate first (no relationship: 404, the stay's existence not leaked), then the unit's scope.
    await this.gate.open(em, ctx, s.patientId, { action, resourceType: 'bed_stay', resourceId: id }, () => new BedStayNotFound(`No bed stay ${id}`));
    await this.scope.assertManages(em, ctx, s.unitId);
    return s;
  }

  /** Some bed (in any state: closed beds reopen) has the capabilities, in a unit that accepts the purpose. */
  private async assertSomeBedCouldTake(em: EntityManager, needs: Capability[], purpose: Purpose | null, unitId: string | null): Promise<void> {
    const purposes = await this.beds.purposesOfCapableUnits(em, needs, unitId);
    const where = unitId ? 'in this unit' : 'in any unit';
    if (purposes.length === 0) {
      throw new CapabilityMismatch(needs.length ? `No bed ${where} has all of: ${needs.join(', ')}` : `There is no bed ${where}`);
    }
    if (!purposes.some((allowed) => purposeAllowed(allowed, purpose))) {
      throw new PurposeNotAccepted(`Beds with these capabilities ${where} are restricted to other purposes${purpose ? '' : ' (give a purpose)'}`);
    }
  }
}
