import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { FieldError, PreconditionFailed, PreconditionRequired, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { TeamsRepository } from '../teams/teams.repository';
import { writeTransaction } from '../../database/write-transaction';
import { BedAllocator } from './bed-allocator';
import { BedPatientGate } from './bed-patient-gate';
import { BedUnitScope } from './bed-unit-scope';
import { BedUnitsRepository } from './bed-units.repository';
import { BedLabelTaken, BedNotFound, BedUnitExists, BedUnitNotFound, CapabilityMismatch } from './beds.errors';
import { BedChanges, BedsRepository } from './beds.repository';
import { BedStaysRepository } from './bed-stays.repository';
import { changeBedStatus } from './domain/bed-lifecycle';
import { covers, missingCapabilities } from './domain/eligibility';
import { AllocationTrigger, BedStatus, COMMUNITY_HOSPITAL_PURPOSES, Purpose } from './domain/types';
import { CreateBedUnitDto } from './dto/bed-unit.dto';
import { AddBedDto, UpdateBedDto } from './dto/bed.dto';
import { BedRow, BedUnitView, bedEtag, toBedUnitView, toBedView } from './dto/views';

/** A race for a label the check lost: the unique index answers as the check would have. */
const labelTaken = (label: string | undefined) => ({ uq_beds_unit_label: () => new BedLabelTaken(`The unit already has a bed ${label}`) });

/** Bed units, beds and the bed board. */
@Injectable()
export class BedUnitsService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly allocator: BedAllocator,
    private readonly gate: BedPatientGate,
    private readonly units: BedUnitsRepository,
    private readonly beds: BedsRepository,
    private readonly stays: BedStaysRepository,
    private readonly scope: BedUnitScope,
    private readonly teams: TeamsRepository,
  ) {}

  /**
   * A unit belongs to an organisation and has a team (an active stay gives that team a legitimate
   * relationship with the patient). Without `teamCode` a 24/7 intermediate-care team is created for
   * the unit, in the same transaction.
   */
  async create(dto: CreateBedUnitDto): Promise<BedUnitView> {
    const id = randomUUID();
    // A single attempt (no retry on a deadlock or serialization failure), as unit creation always had.
    await writeTransaction(
      this.db,
      async (em) => {
        const known = await this.units.referencesExist(em, dto.organisationOds, dto.teamCode || null);
        const errors: FieldError[] = [];
        if (!known.organisation) errors.push({ field: 'organisationOds', message: 'is not a known organisation' });
        if (!known.team) errors.push({ field: 'teamCode', message: 'is not a known team' });
        if (errors.length) throw new ValidationFailed('The bed unit refers to unknown reference data', errors);
        const teamCode = dto.teamCode ?? `BED-${id.slice(0, 8).toUpperCase()}`;
        if (!dto.teamCode) {
          await this.teams.insert(em, {
            code: teamCode,
            name: `${dto.name} bed team`.slice(0, 200),
            type: 'intermediate_care',
            organisationOds: dto.organisationOds,
            operatingHours: '24/7',
            locality: dto.locality ?? null,
          });
        }
        const restricted = dto.setting === 'community_hospital' && this.config.beds.restrictCommunityHospitals;
        const allowedPurposes: Purpose[] | null =
          dto.allowedPurposes !== undefined ? dto.allowedPurposes : restricted ? [...COMMUNITY_HOSPITAL_PURPOSES] : null;
        await this.units.insert(em, {
          id,
          name: dto.name,
          organisationOds: dto.organisationOds,
          teamCode,
          setting: dto.setting,
          locality: dto.locality,
          stepDownTarget: dto.stepDownTarget ?? this.config.beds.stepDownTarget,
          windowDays: dto.windowDays ?? this.config.beds.windowDays,
          allowedPurposes,
          mixBasis: dto.mixBasis ?? null,
        });
      },
      { attempts: 1, constraints: { uq_bed_units_organisation_name: () => new BedUnitExists(`${dto.organisationOds} already has a unit called ${dto.name}`) } },
    );
    return this.get(id);
  }

  async get(id: string): Promise<BedUnitView> {
    return this.db.transaction(async (em) => {
      const unit = await this.units.unit(em, id);
      if (!unit) throw new BedUnitNotFound(`No bed unit ${id}`);
      const counts = await this.beds.counts(em, [id]);
      return toBedUnitView(unit, counts.get(id)!);
    });
  }

  /** Ordered by name, then id. */
  async list(q: { locality?: string; setting?: string; limit: number; cursor?: string }): Promise<Page<BedUnitView>> {
    const after = decodeCursor(q.cursor, ['text', 'uuid']);
    return this.db.transaction(async (em) => {
      const rows = await this.units.list(em, { locality: q.locality, setting: q.setting, after, limit: q.limit + 1 });
      const counts = await this.beds.counts(em, rows.map((r) => r.id));
      return toPage(rows, q.limit, (u) => [u.name, u.id], (u) => toBedUnitView(u, counts.get(u.id)!));
    });
  }

  /** A new bed is free at once: the allocator runs in the same transaction. */
  async addBed(ctx: RequestContext, unitId: string, dto: AddBedDto) {
    const id = randomUUID();
    await writeTransaction(
      this.db,
      async (em) => {
        if (!(await this.units.unit(em, unitId))) throw new BedUnitNotFound(`No bed unit ${unitId}`);
        await this.scope.assertManages(em, ctx, unitId);
        if (await this.beds.labelTaken(em, unitId, dto.label)) throw new BedLabelTaken(`The unit already has a bed ${dto.label}`);
        await this.beds.insert(em, { id, unitId, label: dto.label, capabilities: dto.capabilities });
        await this.allocator.run(em, 'bed_added', ctx);
      },
      { constraints: labelTaken(dto.label) },
    );
    return this.getBed(ctx, id);
  }

  async getBed(ctx: RequestContext, id: string) {
    return this.db.transaction(async (em) => {
      const bed = await this.beds.bed(em, id);
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
    const after = decodeCursor(q.cursor, ['text', 'text', 'uuid']);
    return this.db.transaction(async (em) => {
      if (q.unit && !(await this.units.unit(em, q.unit))) throw new BedUnitNotFound(`No bed unit ${q.unit}`);
      const rows = await this.beds.board(em, { unitId: q.unit, locality: q.locality, status: q.status, after, limit: q.limit + 1 });
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
    await writeTransaction(
      this.db,
      async (em) => {
        const bed = await this.beds.lock(em, id);
        if (!bed) throw new BedNotFound(`No bed ${id}`);
        await this.scope.assertManages(em, ctx, bed.unitId);
        if (ifMatch !== '*' && ifMatch !== bedEtag(bed.version)) {
          throw new PreconditionFailed(`The bed is now at ${bedEtag(bed.version)}; read it again and retry`);
        }
        // Read after the lock: an admission or discharge in flight has committed or not started.
        const stay = await this.stays.activeOnBed(em, id);
        let state = bed.state;
        let trigger: AllocationTrigger = 'bed_changed';
        const changes: BedChanges = {};
        if (dto.status !== undefined) {
          const change = changeBedStatus(bed.state, stay?.status ?? null, dto.status);
          state = change.state;
          if (!change.noop) {
            trigger = bed.state === 'cleaning' ? 'bed_ready' : bed.state === 'closed' ? 'bed_reopened' : 'bed_changed';
            changes.state = state;
            changes.closedReason = state === 'closed' ? (dto.reason ?? null) : null;
            if (change.becameFree) changes.freeSince = 'now';
            if (state !== 'open') changes.freeSince = null;
          }
        }
        if (dto.capabilities !== undefined) {
          if (stay && !covers(dto.capabilities, stay.needs)) {
            throw new CapabilityMismatch(`The stay in this bed needs ${missingCapabilities(dto.capabilities, stay.needs).join(', ')}`);
          }
          changes.capabilities = dto.capabilities;
        }
        if (dto.label !== undefined && dto.label !== bed.label) {
          if (await this.beds.labelTaken(em, bed.unitId, dto.label)) throw new BedLabelTaken(`The unit already has a bed ${dto.label}`);
          changes.label = dto.label;
        }
        await this.beds.update(em, id, changes);
        if (state === 'open' && !stay) await this.allocator.run(em, trigger, ctx);
      },
      { constraints: labelTaken(dto.label) },
    );
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
