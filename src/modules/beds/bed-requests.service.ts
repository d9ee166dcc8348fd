import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Relationship } from '../../common/access/domain/access-policy';
import { PatientAccessService } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { constraintOf, isUniqueViolation } from '../../database/pg-errors';
import { ResidencesService } from '../residences/residences.service';
import { BedAllocator } from './bed-allocator';
import { BedDemandService } from './bed-demand.service';
import { BedMixService } from './bed-mix.service';
import { BedPatientGate } from './bed-patient-gate';
import { writeTransaction } from '../../database/write-transaction';
import {
  BedRequestExists,
  BedRequestNotFound,
  BedRequestNotOpen,
  BedStayNotFound,
  BedUnitNotFound,
  CapabilityMismatch,
  PurposeNotAccepted,
} from './beds.errors';
import { ACTIVE_STAY, SELECT_REQUEST, assertManagesUnit, loadRequest, loadStay, loadUnit } from './beds.queries';
import { assertCanAdmit, assertCanDecline, assertCanDischarge } from './domain/bed-lifecycle';
import { purposeAllowed } from './domain/eligibility';
import type { BedState, Capability, Direction, Purpose, RequestStatus, StayStatus } from './domain/types';
import { AdmitStayDto, CancelBedRequestDto, CreateBedRequestDto, DeclineStayDto, DischargeStayDto } from './dto/bed-request.dto';
import { BedRequestItem, RequestRow, StayRow, toBedRequestView, toStayView } from './dto/views';

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
  ) {}

  /**
   * Raises a request and runs the allocator in the same transaction: the answer is already
   * `offered` (with its stay) when an eligible bed was free. Refused, changing nothing, when no bed
   * anywhere (or in the named unit) could ever take it, or the patient already has an open request
   * or a bed.
   */
  /** A linked referral or admission must exist and be this patient's (foreign keys guard existence too). */
  private async assertLinksBelongTo(em: EntityManager, patientId: string, referralId?: string, admissionId?: string): Promise<void> {
    const errors: { field: string; message: string }[] = [];
    for (const [field, table, id] of [
      ['referralId', 'referrals', referralId],
      ['admissionId', 'admissions', admissionId],
    ] as const) {
      if (!id) continue;
      const [row]: { patient_id: string }[] = await em.query(`SELECT patient_id FROM ${table} WHERE id = $1`, [id]);
      if (!row || row.patient_id !== patientId) errors.push({ field, message: `is not a ${field === 'referralId' ? 'referral' : 'hospital admission'} of this patient` });
    }
    if (errors.length) throw new ValidationFailed('The request links to something that is not this patient\'s', errors);
  }

  async create(ctx: RequestContext, dto: CreateBedRequestDto): Promise<BedRequestItem> {
    const id = randomUUID();
    const needs = dto.needs ?? [];
    try {
      await writeTransaction(this.db, async (em) => {
        const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'bed_request.create', resourceType: 'bed_request', resourceId: id });
        if (dto.unitId && !(await loadUnit(em, dto.unitId))) throw new BedUnitNotFound(`No bed unit ${dto.unitId}`);
        await this.assertLinksBelongTo(em, patient.id, dto.referralId, dto.admissionId);
        await this.assertSomeBedCouldTake(em, needs, dto.purpose ?? null, dto.unitId ?? null);
        const open: unknown[] = await em.query(
          `SELECT 1 FROM bed_requests WHERE patient_id = $1 AND status IN ('waiting', 'offered')
           UNION ALL SELECT 1 FROM bed_stays WHERE patient_id = $1 AND status IN ${ACTIVE_STAY}`,
          [patient.id],
        );
        if (open.length) throw new BedRequestExists('Cancel the open request, or discharge the stay, first');
        await em.query(
          `INSERT INTO bed_requests (id, patient_id, direction, referral_id, admission_id, needs, purpose, priority, earliest_at,
             preferred_locality, unit_id, excluded_unit_ids, status, requested_at, requested_by_sub, requested_by_team)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '{}', 'waiting', now(), $12, $13)`,
          [
            id,
            patient.id,
            dto.direction,
            dto.referralId ?? null,
            dto.admissionId ?? null,
            needs,
            dto.purpose ?? null,
            dto.priority ?? 'routine',
            dto.earliestAt ? new Date(dto.earliestAt) : null,
            dto.preferredLocality ?? null,
            dto.unitId ?? null,
            ctx.principal.sub,
            ctx.principal.teams[0] ?? null,
          ],
        );
        await this.allocator.run(em, 'request_arrived', ctx);
      });
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
      if (isUniqueViolation(e) && ['uq_bed_requests_open_patient', 'uq_bed_stays_active_patient'].includes(constraintOf(e) ?? '')) {
        throw new BedRequestExists('The patient already has an open bed request or a bed');
      }
      throw e;
    }
    return this.db.transaction(async (em) => toBedRequestView((await loadRequest(em, id)) as RequestRow, true));
  }

  async get(ctx: RequestContext, id: string): Promise<BedRequestItem> {
    return this.db.transaction(async (em) => {
      const r = await loadRequest(em, id);
      if (!r) throw new BedRequestNotFound(`No bed request ${id}`);
      await this.gate.open(em, ctx, r.patient_id, { action: 'bed_request.read', resourceType: 'bed_request', resourceId: id }, () => new BedRequestNotFound(`No bed request ${id}`));
      return toBedRequestView(r, true);
    });
  }

  /** Oldest first (requested_at, id): the waiting list in arrival order. NHS numbers only where the caller may see the patient. */
  async list(ctx: RequestContext, q: { status?: RequestStatus; direction?: Direction; limit: number; cursor?: string }): Promise<Page<BedRequestItem>> {
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (q.status) where.push(`r.status = $${params.push(q.status)}`);
      if (q.direction) where.push(`r.direction = $${params.push(q.direction)}`);
      if (after) {
        params.push(after[0], after[1]);
        where.push(`(r.requested_at, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(q.limit + 1);
      const rows: RequestRow[] = await em.query(
        `${SELECT_REQUEST} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.requested_at, r.id LIMIT $${params.length}`,
        params,
      );
      const page = rows.slice(0, q.limit);
      const visible = await this.gate.visible(
        em,
        ctx,
        page.map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, known: knownFrom(r), resourceType: 'bed_request', resourceId: r.id })),
        'bed_request.list',
      );
      return toPage(rows, q.limit, (r) => [r.requested_at.toISOString(), r.id], (r) => toBedRequestView(r, visible.has(r.patient_id)));
    });
  }

  /**
   * Cancels a waiting or offered request; an offer is withdrawn and its bed goes to the next in line.
   * Locks the offered stay before the request, the same order as admit and decline (no deadlock).
   */
  async cancel(ctx: RequestContext, id: string, dto: CancelBedRequestDto): Promise<BedRequestItem> {
    await writeTransaction(this.db, async (em) => {
      const offered: { id: string; bed_id: string }[] = await em.query(
        `SELECT id, bed_id FROM bed_stays WHERE request_id = $1 AND status = 'offered' FOR UPDATE`,
        [id],
      );
      const rows: { id: string; patient_id: string; status: RequestStatus }[] = await em.query(
        'SELECT id, patient_id, status FROM bed_requests WHERE id = $1 FOR UPDATE',
        [id],
      );
      const r = rows[0];
      if (!r) throw new BedRequestNotFound(`No bed request ${id}`);
      await this.gate.open(em, ctx, r.patient_id, { action: 'bed_request.cancel', resourceType: 'bed_request', resourceId: id }, () => new BedRequestNotFound(`No bed request ${id}`));
      if (r.status !== 'waiting' && r.status !== 'offered') throw new BedRequestNotOpen(`The request is ${r.status}`);
      let stays = r.status === 'offered' ? offered : [];
      if (r.status === 'offered' && stays.length === 0) {
        // Offered after our first read, by an allocator that has since committed: lock its stay now.
        stays = await em.query(`SELECT id, bed_id FROM bed_stays WHERE request_id = $1 AND status = 'offered' FOR UPDATE`, [id]);
      }
      await em.query(`UPDATE bed_requests SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now() WHERE id = $1`, [id, dto.reason]);
      for (const s of stays) {
        await em.query(`UPDATE bed_stays SET status = 'withdrawn', ended_at = now(), end_reason = $2, updated_at = now() WHERE id = $1`, [s.id, dto.reason]);
        await this.releaseBed(em, s.bed_id);
      }
      if (stays.length) await this.allocator.run(em, 'request_cancelled', ctx);
    });
    return this.get(ctx, id);
  }

  async getStay(ctx: RequestContext, id: string) {
    return this.db.transaction(async (em) => {
      const s = await loadStay(em, id);
      if (!s) throw new BedStayNotFound(`No bed stay ${id}`);
      await this.gate.open(em, ctx, s.patient_id, { action: 'bed_stay.read', resourceType: 'bed_stay', resourceId: id }, () => new BedStayNotFound(`No bed stay ${id}`));
      return toStayView(s);
    });
  }

  /** offered -> occupied. Never into a closed bed. Re-judges the unit's mix (drift alert). */
  async admit(ctx: RequestContext, id: string, dto: AdmitStayDto) {
    return writeTransaction(this.db, async (em) => {
      const s = await this.lockStay(em, ctx, id, 'bed_stay.admit');
      const bed: { state: BedState }[] = await em.query('SELECT state FROM beds WHERE id = $1 FOR UPDATE', [s.bed_id]);
      assertCanAdmit(s.status, bed[0].state);
      const at = instant(dto.at, 'at', s.offered_at, new Date());
      await em.query(`UPDATE bed_stays SET status = 'occupied', admitted_at = $2, updated_at = now() WHERE id = $1`, [id, at]);
      await em.query(`UPDATE bed_requests SET status = 'admitted', updated_at = now() WHERE id = $1`, [s.request_id]);
      await em.query('UPDATE beds SET version = version + 1, updated_at = now() WHERE id = $1', [s.bed_id]);
      await this.mix.evaluateDrift(em, s.unit_id);
      return toStayView((await loadStay(em, id)) as StayRow);
    });
  }

  /** occupied -> discharged with a destination; the bed goes to cleaning until marked ready. */
  async discharge(ctx: RequestContext, id: string, dto: DischargeStayDto) {
    return writeTransaction(this.db, async (em) => {
      const s = await this.lockStay(em, ctx, id, 'bed_stay.discharge');
      assertCanDischarge(s.status);
      const at = instant(dto.at, 'at', s.admitted_at, new Date());
      await em.query(
        `UPDATE bed_stays SET status = 'discharged', discharged_at = $2, discharge_destination = $3, updated_at = now() WHERE id = $1`,
        [id, at, dto.destination],
      );
      // Where the person now lives (residence history): a stay ending in a care home moves them.
      await this.residences.afterBedStayDischarge(em, { patientId: s.patient_id, destination: dto.destination, at, stayId: id, by: ctx.principal.sub });
      await em.query(
        `UPDATE beds SET state = CASE WHEN state = 'closed' THEN state ELSE 'cleaning' END, free_since = NULL,
           version = version + 1, updated_at = now() WHERE id = $1`,
        [s.bed_id],
      );
      return toStayView((await loadStay(em, id)) as StayRow);
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
      await em.query(`UPDATE bed_stays SET status = 'declined', ended_at = now(), end_reason = $2, updated_at = now() WHERE id = $1`, [id, dto.reason]);
      if (dto.requeue === false) {
        await em.query(`UPDATE bed_requests SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now() WHERE id = $1`, [
          s.request_id,
          dto.reason,
        ]);
      } else {
        await em.query(
          `UPDATE bed_requests SET status = 'waiting', excluded_unit_ids = array_append(excluded_unit_ids, $2::uuid), updated_at = now() WHERE id = $1`,
          [s.request_id, s.unit_id],
        );
      }
      await this.releaseBed(em, s.bed_id);
      await this.allocator.run(em, 'offer_declined', ctx);
      return toStayView((await loadStay(em, id)) as StayRow);
    });
  }

  private async lockStay(em: EntityManager, ctx: RequestContext, id: string, action: string) {
    const rows: { id: string; request_id: string; bed_id: string; unit_id: string; patient_id: string; status: StayStatus; offered_at: Date; admitted_at: Date | null }[] =
      await em.query('SELECT id, request_id, bed_id, unit_id, patient_id, status, offered_at, admitted_at FROM bed_stays WHERE id = $1 FOR UPDATE', [id]);
    const s = rows[0];
    if (!s) throw new BedStayNotFound(`No bed stay ${id}`);
    // The patient gate first (no relationship: 404, the stay's existence not leaked), then the unit's scope.
    await this.gate.open(em, ctx, s.patient_id, { action, resourceType: 'bed_stay', resourceId: id }, () => new BedStayNotFound(`No bed stay ${id}`));
    await assertManagesUnit(em, ctx, s.unit_id);
    return s;
  }

  /** The offer on this bed ended: it is free again from now (unless closed). */
  private async releaseBed(em: EntityManager, bedId: string): Promise<void> {
    await em.query(
      `UPDATE beds SET free_since = CASE WHEN state = 'open' THEN now() ELSE free_since END, version = version + 1, updated_at = now() WHERE id = $1`,
      [bedId],
    );
  }

  /** Some bed (in any state: closed beds reopen) has the capabilities, in a unit that accepts the purpose. */
  private async assertSomeBedCouldTake(em: EntityManager, needs: Capability[], purpose: Purpose | null, unitId: string | null): Promise<void> {
    const rows: { allowed_purposes: Purpose[] | null }[] = await em.query(
      `SELECT DISTINCT u.allowed_purposes FROM beds b JOIN bed_units u ON u.id = b.unit_id
       WHERE b.capabilities @> $1::text[] AND ($2::uuid IS NULL OR u.id = $2)`,
      [needs, unitId],
    );
    const where = unitId ? 'in this unit' : 'in any unit';
    if (rows.length === 0) {
      throw new CapabilityMismatch(needs.length ? `No bed ${where} has all of: ${needs.join(', ')}` : `There is no bed ${where}`);
    }
    if (!rows.some((r) => purposeAllowed(r.allowed_purposes, purpose))) {
      throw new PurposeNotAccepted(`Beds with these capabilities ${where} are restricted to other purposes${purpose ? '' : ' (give a purpose)'}`);
    }
  }
}
