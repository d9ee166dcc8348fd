import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { FieldError, PreconditionFailed, PreconditionRequired, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { constraintOf, isUniqueViolation } from '../../database/pg-errors';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { TeamEntity } from '../teams/team.entity';
import { BedAllocator } from './bed-allocator';
import { BedPatientGate } from './bed-patient-gate';
import { writeTransaction } from '../../database/write-transaction';
import { BedLabelTaken, BedNotFound, BedUnitExists, BedUnitNotFound, CapabilityMismatch } from './beds.errors';
import { ACTIVE_STAY, BED_STATUS_SQL, SELECT_BED, assertManagesUnit, bedCounts, loadBed, loadUnit } from './beds.queries';
import { changeBedStatus } from './domain/bed-lifecycle';
import { covers, missingCapabilities } from './domain/eligibility';
import { AllocationTrigger, BedState, BedStatus, COMMUNITY_HOSPITAL_PURPOSES, Capability, Purpose } from './domain/types';
import { CreateBedUnitDto } from './dto/bed-unit.dto';
import { AddBedDto, UpdateBedDto } from './dto/bed.dto';
import { BedRow, BedUnitRow, BedUnitView, bedEtag, toBedUnitView, toBedView } from './dto/views';

/** Bed units, beds and the bed board. */
@Injectable()
export class BedUnitsService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly allocator: BedAllocator,
    private readonly gate: BedPatientGate,
  ) {}

  /**
   * A unit belongs to an organisation and has a team (an active stay gives that team a legitimate
   * relationship with the patient). Without `teamCode` a 24/7 intermediate-care team is created for
   * the unit, in the same transaction.
   */
  async create(dto: CreateBedUnitDto): Promise<BedUnitView> {
    const id = randomUUID();
    try {
      await this.db.transaction(async (em) => {
        const errors: FieldError[] = [];
        if (!(await em.existsBy(OrganisationEntity, { odsCode: dto.organisationOds }))) {
          errors.push({ field: 'organisationOds', message: 'is not a known organisation' });
        }
        if (dto.teamCode && !(await em.existsBy(TeamEntity, { code: dto.teamCode }))) errors.push({ field: 'teamCode', message: 'is not a known team' });
        if (errors.length) throw new ValidationFailed('The bed unit refers to unknown reference data', errors);
        const teamCode = dto.teamCode ?? `BED-${id.slice(0, 8).toUpperCase()}`;
        if (!dto.teamCode) {
          await em.insert(TeamEntity, {
            code: teamCode,
            name: `${dto.name} bed team`.slice(0, 200),
            type: 'intermediate_care',
            organisationOds: dto.organisationOds,
            locality: dto.locality,
            operatingHours: '24/7',
          });
        }
        const restricted = dto.setting === 'community_hospital' && this.config.beds.restrictCommunityHospitals;
        const allowedPurposes: Purpose[] | null =
          dto.allowedPurposes !== undefined ? dto.allowedPurposes : restricted ? [...COMMUNITY_HOSPITAL_PURPOSES] : null;
        await em.query(
          `INSERT INTO bed_units (id, name, organisation_ods, team_code, setting, locality, step_down_target, window_days, allowed_purposes, mix_basis)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            id,
            dto.name,
            dto.organisationOds,
            teamCode,
            dto.setting,
            dto.locality,
            dto.stepDownTarget ?? this.config.beds.stepDownTarget,
            dto.windowDays ?? this.config.beds.windowDays,
            allowedPurposes,
            dto.mixBasis ?? null,
          ],
        );
      });
    } catch (e) {
      if (isUniqueViolation(e) && constraintOf(e) === 'uq_bed_units_organisation_name') {
        throw new BedUnitExists(`${dto.organisationOds} already has a unit called ${dto.name}`);
      }
      throw e;
    }
    return this.get(id);
  }

  async get(id: string): Promise<BedUnitView> {
    return this.db.transaction(async (em) => {
      const unit = await loadUnit(em, id);
      if (!unit) throw new BedUnitNotFound(`No bed unit ${id}`);
      const counts = await bedCounts(em, [id]);
      return toBedUnitView(unit, counts.get(id)!);
    });
  }

  /** Ordered by name, then id. */
  async list(q: { locality?: string; setting?: string; limit: number; cursor?: string }): Promise<Page<BedUnitView>> {
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (q.locality) where.push(`locality = $${params.push(q.locality)}`);
      if (q.setting) where.push(`setting = $${params.push(q.setting)}`);
      if (after) {
        params.push(after[0], after[1]);
        where.push(`(name, id) > ($${params.length - 1}, $${params.length}::uuid)`);
      }
      params.push(q.limit + 1);
      const rows: BedUnitRow[] = await em.query(
        `SELECT * FROM bed_units ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id LIMIT $${params.length}`,
        params,
      );
      const counts = await bedCounts(em, rows.map((r) => r.id));
      return toPage(rows, q.limit, (u) => [u.name, u.id], (u) => toBedUnitView(u, counts.get(u.id)!));
    });
  }

  /** A new bed is free at once: the allocator runs in the same transaction. */
  async addBed(ctx: RequestContext, unitId: string, dto: AddBedDto) {
    const id = randomUUID();
    try {
      await writeTransaction(this.db, async (em) => {
        if (!(await loadUnit(em, unitId))) throw new BedUnitNotFound(`No bed unit ${unitId}`);
        await assertManagesUnit(em, ctx, unitId);
        const taken: unknown[] = await em.query('SELECT 1 FROM beds WHERE unit_id = $1 AND label = $2', [unitId, dto.label]);
        if (taken.length) throw new BedLabelTaken(`The unit already has a bed ${dto.label}`);
        await em.query(
          `INSERT INTO beds (id, unit_id, label, capabilities, state, version, free_since) VALUES ($1, $2, $3, $4, 'open', 1, now())`,
          [id, unitId, dto.label, dto.capabilities],
        );
        await this.allocator.run(em, 'bed_added', ctx);
      });
    } catch (e) {
      if (isUniqueViolation(e) && constraintOf(e) === 'uq_beds_unit_label') throw new BedLabelTaken(`The unit already has a bed ${dto.label}`);
      throw e;
    }
    return this.getBed(ctx, id);
  }

  async getBed(ctx: RequestContext, id: string) {
    return this.db.transaction(async (em) => {
      const bed = await loadBed(em, id);
      if (!bed) throw new BedNotFound(`No bed ${id}`);
      const [view] = await this.withPatients(em, ctx, [bed]);
      return { etag: bedEtag(bed.version), view };
    });
  }

  /**
   * The bed board, ordered by unit name, bed label, id. Items show the active stay; its NHS number
   * only when the caller may see the patient.
   */
  async board(ctx: RequestContext, q: { unit?: string; status?: BedStatus; locality?: string; limit: number; cursor?: string }) {
    const after = decodeCursor(q.cursor, 3) as [string, string, string] | undefined;
    return this.db.transaction(async (em) => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (q.unit) {
        if (!(await loadUnit(em, q.unit))) throw new BedUnitNotFound(`No bed unit ${q.unit}`);
        where.push(`b.unit_id = $${params.push(q.unit)}`);
      }
      if (q.locality) where.push(`u.locality = $${params.push(q.locality)}`);
      if (q.status) where.push(`(${BED_STATUS_SQL[q.status]})`);
      if (after) {
        params.push(after[0], after[1], after[2]);
        where.push(`(u.name, b.label, b.id) > ($${params.length - 2}, $${params.length - 1}, $${params.length}::uuid)`);
      }
      params.push(q.limit + 1);
      const rows: BedRow[] = await em.query(
        `${SELECT_BED} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.name, b.label, b.id LIMIT $${params.length}`,
        params,
      );
      const page = rows.slice(0, q.limit);
      const views = await this.withPatients(em, ctx, page);
      const byId = new Map(views.map((v) => [v.id, v]));
      return toPage(rows, q.limit, (b) => [b.unit_name, b.label, b.id], (b) => byId.get(b.id)!);
    });
  }

  /**
   * PATCH /beds/{id} with If-Match (428 without, 412 when stale): close, reopen, finish cleaning,
   * relabel or change capabilities. A bed that ends up free runs the allocator at once.
   */
  async updateBed(ctx: RequestContext, id: string, dto: UpdateBedDto, ifMatch: string | undefined) {
    if (dto.status === undefined && dto.capabilities === undefined && dto.label === undefined) {
      throw new ValidationFailed('Send status, capabilities or label', [{ field: 'status', message: 'nothing to change' }]);
    }
    if (!ifMatch) throw new PreconditionRequired('Send If-Match with the ETag from GET /beds/{id}');
    try {
      await writeTransaction(this.db, async (em) => {
        const rows: { id: string; unit_id: string; state: BedState; version: number; capabilities: Capability[]; label: string }[] = await em.query(
          'SELECT id, unit_id, state, version, capabilities, label FROM beds WHERE id = $1 FOR UPDATE',
          [id],
        );
        const bed = rows[0];
        if (!bed) throw new BedNotFound(`No bed ${id}`);
        await assertManagesUnit(em, ctx, bed.unit_id);
        if (ifMatch !== '*' && ifMatch !== bedEtag(bed.version)) {
          throw new PreconditionFailed(`The bed is now at ${bedEtag(bed.version)}; read it again and retry`);
        }
        // Read after the lock: an admission or discharge in flight has committed or not started.
        const active: { status: 'offered' | 'occupied'; needs: Capability[] }[] = await em.query(
          `SELECT s.status, r.needs FROM bed_stays s JOIN bed_requests r ON r.id = s.request_id WHERE s.bed_id = $1 AND s.status IN ${ACTIVE_STAY}`,
          [id],
        );
        const stay = active[0] ?? null;
        let state = bed.state;
        let trigger: AllocationTrigger = 'bed_changed';
        const sets: string[] = [];
        const params: unknown[] = [];
        if (dto.status !== undefined) {
          const change = changeBedStatus(bed.state, stay?.status ?? null, dto.status);
          state = change.state;
          if (!change.noop) {
            trigger = bed.state === 'cleaning' ? 'bed_ready' : bed.state === 'closed' ? 'bed_reopened' : 'bed_changed';
            sets.push(`state = $${params.push(state) + 1}`);
            sets.push(`closed_reason = $${params.push(state === 'closed' ? (dto.reason ?? null) : null) + 1}`);
            if (change.becameFree) sets.push('free_since = now()');
            if (state !== 'open') sets.push('free_since = NULL');
          }
        }
        if (dto.capabilities !== undefined) {
          if (stay && !covers(dto.capabilities, stay.needs)) {
            throw new CapabilityMismatch(`The stay in this bed needs ${missingCapabilities(dto.capabilities, stay.needs).join(', ')}`);
          }
          sets.push(`capabilities = $${params.push(dto.capabilities) + 1}`);
        }
        if (dto.label !== undefined && dto.label !== bed.label) {
          const taken: unknown[] = await em.query('SELECT 1 FROM beds WHERE unit_id = $1 AND label = $2', [bed.unit_id, dto.label]);
          if (taken.length) throw new BedLabelTaken(`The unit already has a bed ${dto.label}`);
          sets.push(`label = $${params.push(dto.label) + 1}`);
        }
        await em.query(`UPDATE beds SET version = version + 1, updated_at = now()${sets.length ? `, ${sets.join(', ')}` : ''} WHERE id = $1`, [id, ...params]);
        if (state === 'open' && !stay) await this.allocator.run(em, trigger, ctx);
      });
    } catch (e) {
      if (isUniqueViolation(e) && constraintOf(e) === 'uq_beds_unit_label') throw new BedLabelTaken(`The unit already has a bed ${dto.label}`);
      throw e;
    }
    return this.getBed(ctx, id);
  }

  private async withPatients(em: EntityManager, ctx: RequestContext, rows: BedRow[]) {
    const listed = rows
      .filter((b) => b.patient_id && b.stay_id)
      .map((b) => ({
        patientId: b.patient_id as string,
        nhsNumber: b.nhs_number,
        known: [{ teamCode: b.team_code, relationship: 'bed_stay' }],
        resourceType: 'bed_stay',
        resourceId: b.stay_id as string,
      }));
    const visible = listed.length ? await this.gate.visible(em, ctx, listed, 'bed_board.read') : new Set<string>();
    return rows.map((b) => toBedView(b, b.patient_id !== null && visible.has(b.patient_id)));
  }
}
