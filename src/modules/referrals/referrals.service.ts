import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService, PatientNotFound } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { FieldError, Forbidden, PreconditionFailed, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, encodeCursor } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PatientEntity } from '../patients/patient.entity';
import type { TeamType } from '../teams/team.entity';
import { TasksService } from '../tasks/tasks.service';
import { OutboxService } from '../webhooks/outbox.service';
import { OUT_OF_HOURS_CRISIS_COVER, type Outcome, type ReferralService, SERVICE_TEAM_TYPE, SPOA_TEAM_TYPE, type Urgency } from './domain/catalogue';
import { chooseDestination, isReferringOrganisation, mayCancel, type PartChoice } from './domain/parties';
import {
  AWAITING_CONTACT_STATUSES,
  type DestinationEvent,
  type DestinationStatus,
  OPEN_DESTINATION_STATUSES,
  nextDestinationStatus,
  nextReferralStatus,
  rollUp,
  rollUpEvent,
} from './domain/referral-state';
import { ALWAYS_SQL, NEVER_SQL, breachAt, earliest, firstContactProblem, respondByFor, respondByOverrideProblem } from './domain/response-clock';
import { chooseSpoa, routeService } from './domain/routing';
import { TRIAGE_EVENT, triageProblems } from './domain/triage';
import type {
  AcceptReferralDto,
  CancelReferralDto,
  CompleteReferralDto,
  CreateReferralDto,
  FirstContactDto,
  ReassignReferralDto,
  StatusFilter,
  TriageDestinationDto,
  TriageDto,
} from './dto/referral.dto';
import type { ReferralView } from './dto/referral.view';
import { InvalidTransition, NoSpoaTeam, NoTeamForService, ReferralNotFound } from './referral-errors';
import { Clock } from '../../common/clock';
import { ReferralHooks } from './referral-hooks';
import { toReferralView } from './referral-mapper';
import { type NewEvent, type PartRow, type ReferralRow, ReferralsRepository } from './referrals.repository';

export type TeamAction = 'accept' | 'first_contact' | 'complete' | 'reassign';
type TeamActionDto = AcceptReferralDto | FirstContactDto | CompleteReferralDto | ReassignReferralDto;

const ACTION_EVENT: Record<TeamAction, DestinationEvent> = { accept: 'accept', first_contact: 'first_contact', complete: 'complete', reassign: 'reassign' };
const ACTION_PAST: Record<TeamAction, string> = { accept: 'accepted', first_contact: 'first_contact', complete: 'completed', reassign: 'reassigned' };
const OPEN_REFERRALS_SQL = `r.status IN ('awaiting_triage', 'accepted', 'in_progress')`;
const OPEN_PARTS_SQL = `d.status IN ('awaiting_acceptance', 'accepted', 'in_progress')`;

export interface ListReferrals {
  status?: StatusFilter;
  urgency?: Urgency;
  team?: string;
  nhsNumber?: string;
  breached?: boolean;
  unassigned?: boolean;
  limit: number;
  cursor?: string;
}

export interface Changed {
  view: ReferralView;
  etag: string;
}

export const etagOf = (version: number) => `"${version}"`;

/**
 * Referrals through the single point of access: taking them, the queue, triage and routing, the
 * receiving team's work and cancellation. Every use case is one transaction that takes the
 * referral's row lock before changing it, audits in the same transaction and records history.
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
    private readonly repo: ReferralsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly hooks: ReferralHooks,
  ) {}

  // ---------------------------------------------------------------- create

  async create(ctx: RequestContext, dto: CreateReferralDto): Promise<Changed> {
    const now = this.clock.now();
    const p = ctx.principal;
    const errors: FieldError[] = [];
    if (!dto.nhsNumber && !dto.patient) errors.push({ field: 'patient', message: 'is required (name and date of birth) when there is no NHS number' });
    const override = dto.respondBy ? new Date(dto.respondBy) : null;
    const overrideProblem = override && (Number.isNaN(override.getTime()) ? 'is not a real time' : respondByOverrideProblem(override, now));
    if (overrideProblem) errors.push({ field: 'respondBy', message: overrideProblem });
    if (dto.patient) errors.push(...(await this.demographicProblems(dto.patient, now)));
    if (errors.length) throw new ValidationFailed('The referral is not complete', errors);
    if (!p.org && !p.permissions.has(Permission.PatientRead)) {
      throw new Forbidden('A referrer token must carry the org claim, so the referral can be followed up');
    }

    // A caller who may not read patient records (a referrer) gets an answer that does not depend on the record.
    const external = !p.permissions.has(Permission.PatientRead);
    return this.db.transaction(async (em) => {
      const patient = await this.patientFor(em, dto, external ? p.org : undefined);
      const practice = await this.repo.practiceOf(em, patient.id);
      const spoa = chooseSpoa(p.teams, await this.repo.candidates(em, [SPOA_TEAM_TYPE], practice?.odsCode ?? null), practice);
      if (!spoa) throw new NoSpoaTeam('Create a single_point_of_access team before taking referrals');
      const [duplicate]: { id: string }[] = await em.query(
        `SELECT id FROM referrals r WHERE r.patient_id = $1 AND ${OPEN_REFERRALS_SQL} AND r.requested_service IS NOT DISTINCT FROM $2
         ORDER BY r.received_at, r.id LIMIT 1`,
        [patient.id, dto.requestedService ?? null],
      );
      const respondBy = override ?? respondByFor(now, dto.urgency, this.config.referrals.responseTargetMinutes);
      const [{ id }]: { id: string }[] = await em.query(
        `INSERT INTO referrals (patient_id, status, urgency, requested_service, needs, reason, source_type, source_organisation_ods,
           source_name, source_contact, received_at, respond_by, breach_at, spoa_team_code, duplicate_of, created_by, created_by_name,
           created_by_org, version)
         VALUES ($1, 'awaiting_triage', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16, 1) RETURNING id`,
        [
          patient.id,
          dto.urgency,
          dto.requestedService ?? null,
          dto.needs ?? [],
          dto.reason.trim(),
          dto.source.type,
          dto.source.organisationOds ?? null,
          dto.source.name ?? null,
          dto.source.contact ?? null,
          now,
          respondBy,
          spoa,
          duplicate?.id ?? null,
          p.sub,
          p.name ?? null,
          p.org ?? null,
        ],
      );
      await this.repo.addEvents(em, id, p, [
        {
          action: 'received',
          to: 'awaiting_triage',
          teamCode: spoa,
          detail: { urgency: dto.urgency, source: dto.source.type, requestedService: dto.requestedService ?? null, duplicateOf: duplicate?.id ?? null },
        },
      ]);
      if (patient.needsTracing) {
        await this.tasks.create(em, {
          type: 'trace_nhs_number',
          teamCode: spoa,
          patientId: patient.id,
          title: 'Trace the NHS number of a referred patient',
          detail: 'A referral was taken without an NHS number: trace it (PDS) and record it on the patient.',
          dueAt: new Date(now.getTime() + this.config.referrals.traceTaskDueHours * 3_600_000),
          source: { type: 'referral', id },
          createdBy: p.sub,
          dedupeKey: `trace_nhs_number:${patient.id}`,
        });
      }
      // Taking a referral is not a read of the record: the answer carries no demographics.
      await this.audit.record(em, ctx, { action: 'referral.create', resourceType: 'referral', resourceId: id, patient });
      const [row] = await this.repo.rows(em, [id]);
      return { view: toReferralView(row, [], now, { includePatient: false, external }), etag: etagOf(row.version) };
    });
  }

  /**
   * The known patient (locked, so duplicate detection is serialised per patient), or a new one.
   * `referringOrg` (a referrer's organisation): an NHS number alone names a patient only when that
   * organisation referred them before; otherwise, known or not, the same 400 asks for demographics,
   * so a referrer cannot probe which numbers the service holds.
   */
  private async patientFor(em: EntityManager, dto: CreateReferralDto, referringOrg?: string): Promise<PatientEntity> {
    const d = dto.patient;
    const fields = d
      ? {
          givenName: d.givenName,
          familyName: d.familyName,
          dateOfBirth: d.dateOfBirth,
          sex: d.sex ?? null,
          address: d.address ? { ...d.address } : null,
          phone: d.phone ?? null,
          gpPracticeOds: d.gpPracticeOds ?? null,
          careHomeResident: d.careHomeResident ?? false,
          livesAlone: d.livesAlone ?? false,
          nhsNumberStatus: dto.nhsNumber ? '02' : '03',
          version: 1,
        }
      : null;
    if (!dto.nhsNumber) {
      const inserted = await em.createQueryBuilder().insert().into(PatientEntity).values({ ...fields, nhsNumber: null, needsTracing: true, nhsNumberStatus: '03', traceNextAt: new Date() }).returning(['id']).execute();
      return em.findOneByOrFail(PatientEntity, { id: inserted.raw[0].id });
    }
    if (fields) {
      await em.createQueryBuilder().insert().into(PatientEntity).values({ ...fields, nhsNumber: dto.nhsNumber }).orIgnore().execute();
    }
    const patient = await em.findOne(PatientEntity, { where: { nhsNumber: dto.nhsNumber }, lock: { mode: 'pessimistic_write' } });
    if (!fields && referringOrg !== undefined && !(patient && (await this.repo.referredByOrganisation(em, patient.id, referringOrg)))) {
      throw new ValidationFailed('The referral is not complete', [
        { field: 'patient', message: 'is required (name and date of birth) unless your organisation has referred this NHS number before' },
      ]);
    }
    if (!patient) throw new PatientNotFound();
    return patient;
  }

  private async demographicProblems(d: NonNullable<CreateReferralDto['patient']>, now: Date): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (new Date(`${d.dateOfBirth}T00:00:00Z`) > now) errors.push({ field: 'patient.dateOfBirth', message: 'is in the future' });
    if (d.gpPracticeOds) {
      const practice = await this.db.getRepository(OrganisationEntity).findOneBy({ odsCode: d.gpPracticeOds });
      if (!practice) errors.push({ field: 'patient.gpPracticeOds', message: 'is not a known organisation' });
      else if (practice.type !== 'gp_practice') errors.push({ field: 'patient.gpPracticeOds', message: 'is not a GP practice' });
    }
    return errors;
  }

  // ---------------------------------------------------------------- read

  async get(ctx: RequestContext, id: string): Promise<Changed> {
    return this.db.transaction(async (em) => {
      const [row] = await this.repo.rows(em, [id]);
      if (!row) throw new ReferralNotFound();
      await this.openForRead(em, ctx, row, 'referral.read');
      return this.answer(em, ctx, row);
    });
  }

  /**
   * The triage queue / team worklist. Order: breached first, then respondBy, then id (with `team`,
   * the team's routed parts' clocks). "Now" is frozen in the cursor so pages stay consistent.
   * Ordered index range scans per clock state, merged: no sort of the whole queue.
   */
  async list(ctx: RequestContext, q: ListReferrals): Promise<Page<ReferralView>> {
    const p = ctx.principal;
    const readAny = p.permissions.has(Permission.PatientReadAny);
    if (q.team !== undefined && !readAny && !p.teams.includes(q.team)) throw new Forbidden("You can list your own teams' worklists only");
    const cursor = decodeCursor(q.cursor, 4) as [string, number, string, string] | undefined;
    const asOf = cursor ? new Date(cursor[0]) : this.clock.now();
    if (Number.isNaN(asOf.getTime())) throw new ValidationFailed('The cursor is not valid', [{ field: 'cursor', message: 'is not a cursor from this API' }]);

    const params: unknown[] = [asOf];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const c = q.team ? 'd' : 'r';
    const from = q.team
      ? `referrals r JOIN referral_destinations d ON d.referral_id = r.id AND d.team_code = ${param(q.team)}`
      : 'referrals r';
    const where: string[] = [];
    const status = q.status ?? 'open';
    if (status === 'open') where.push(q.team ? OPEN_PARTS_SQL : OPEN_REFERRALS_SQL);
    else if (status !== 'all') where.push(`r.status = ${param(status)}`);
    if (q.urgency) where.push(`r.urgency = ${param(q.urgency)}`);
    if (q.nhsNumber) where.push(`r.patient_id = (SELECT id FROM patients WHERE nhs_number = ${param(q.nhsNumber)})`);
    if (q.unassigned) {
      where.push(
        q.team
          ? 'd.assigned_to IS NULL'
          : `(r.status = 'awaiting_triage' OR EXISTS (SELECT 1 FROM referral_destinations u WHERE u.referral_id = r.id
               AND u.status IN ('awaiting_acceptance', 'accepted', 'in_progress') AND u.assigned_to IS NULL))`,
      );
    }
    if (!readAny) {
      const scopes: string[] = [];
      if (p.permissions.has(Permission.PatientRead) && p.teams.length) {
        scopes.push(`EXISTS (SELECT 1 FROM referral_destinations s WHERE s.referral_id = r.id AND s.team_code = ANY(${param(p.teams)}::varchar[]))`);
      }
      if (p.org && p.roles.includes('referrer')) scopes.push(`r.created_by_org = ${param(p.org)}`);
      where.push(scopes.length ? `(${scopes.join(' OR ')})` : 'false');
    }
    const limit = param(q.limit + 1);
    const sortId = `${c}.id`;
    // Each clock state is a range scan of its own partial index (when listing open items):
    // breached = running past respond_by, or stopped late; not breached = the rest.
    const states: [0 | 1, string][] = [
      [0, `${c}.breach_at = ${c}.respond_by AND ${c}.respond_by < $1`],
      [0, `${c}.breach_at = ${ALWAYS_SQL}`],
      [1, `${c}.breach_at = ${c}.respond_by AND ${c}.respond_by >= $1`],
      [1, `${c}.breach_at = ${NEVER_SQL}`],
    ];
    const branches = states
      .filter(([breached]) => (q.breached === undefined || q.breached === (breached === 0)) && !(cursor && cursor[1] > breached))
      .map(([breached, state]) => {
        const conditions = [...where, state];
        if (cursor && cursor[1] === breached) {
          conditions.push(`(${c}.respond_by, ${sortId}) > (${param(cursor[2])}::timestamptz, ${param(cursor[3])}::uuid)`);
        }
        return `(SELECT r.id AS referral_id, ${c}.respond_by AS k_respond_by, ${sortId} AS k_id, ${breached} AS k_breached
          FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY ${c}.respond_by, ${sortId} LIMIT ${limit})`;
      });

    return this.db.transaction(async (em) => {
      const keys: { referral_id: string; k_respond_by: Date; k_id: string; k_breached: number }[] = branches.length
        ? await em.query(`SELECT * FROM (${branches.join(' UNION ALL ')}) q ORDER BY k_breached, k_respond_by, k_id LIMIT ${limit}`, params)
        : [];
      const more = keys.length > q.limit;
      const page = more ? keys.slice(0, q.limit) : keys;
      const ids = [...new Set(page.map((k) => k.referral_id))];
      const rows = await this.repo.rows(em, ids);
      const parts = await this.repo.parts(em, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const includePatient = p.permissions.has(Permission.PatientRead);
      const items = page.map((k) => toReferralView(byId.get(k.referral_id) as ReferralRow, parts, asOf, { includePatient, external: !includePatient }));
      await this.audit.record(
        em,
        ctx,
        rows.map((r) => ({ action: 'referral.list', resourceType: 'referral', resourceId: r.id, patient: { id: r.patient_id, nhsNumber: r.nhs_number } })),
      );
      const last = page[page.length - 1];
      return {
        items,
        nextCursor: more ? encodeCursor([asOf.toISOString(), Number(last.k_breached), last.k_respond_by.toISOString(), last.k_id]) : null,
      };
    });
  }

  // ---------------------------------------------------------------- triage

  triage(ctx: RequestContext, id: string, dto: TriageDto, ifMatch?: string): Promise<Changed> {
    const now = this.clock.now();
    return this.change(ctx, id, async (em, r) => {
      await this.openThroughGate(em, ctx, r, 'referral.triage');
      checkIfMatch(r, ifMatch);
      const to = nextReferralStatus(r.status, TRIAGE_EVENT[dto.decision]);
      if (!to) throw new InvalidTransition(`A referral that is ${r.status} cannot be triaged`);
      const problems = triageProblems(r.urgency, dto);
      if (problems.length) throw new ValidationFailed('The triage decision is not complete', problems);
      const urgency = dto.urgency ?? r.urgency;
      const urgencyChanged = urgency !== r.urgency;
      const respondBy = urgencyChanged ? respondByFor(r.received_at, urgency, this.config.referrals.responseTargetMinutes) : r.respond_by;
      const accept = dto.decision === 'accept';
      const routed = accept ? await this.route(em, r, dto.destinations ?? [], urgency, now) : [];
      const reason = dto.reason?.trim() || null;
      const events: NewEvent[] = [];
      if (urgencyChanged) events.push({ action: 'urgency_changed', from: r.urgency, to: urgency, reason });
      events.push({ action: 'triaged', from: r.status, to, reason, detail: { decision: dto.decision, notes: dto.notes ?? null } });
      for (const [position, part] of routed.entries()) {
        const [{ id: destinationId }]: { id: string }[] = await em.query(
          `INSERT INTO referral_destinations (referral_id, position, service, team_code, status, respond_by, breach_at, routing_basis, routed_out_of_hours, routing_reason)
           VALUES ($1, $2, $3, $4, 'awaiting_acceptance', $5, $5, $6, $7, $8) RETURNING id`,
          [r.id, position, part.service, part.teamCode, respondBy, part.basis, part.routedOutOfHours, part.reason],
        );
        events.push({
          action: 'routed',
          to: 'awaiting_acceptance',
          teamCode: part.teamCode,
          destinationId,
          detail: { service: part.service, basis: part.basis, routedOutOfHours: part.routedOutOfHours, routingReason: part.reason },
        });
        await this.hooks.fireRouted(em, { referralId: r.id, patientId: r.patient_id, destinationId, service: part.service, teamCode: part.teamCode, urgency, by: ctx.principal.sub });
      }
      await em.query(
        `UPDATE referrals SET status = $2, urgency = $3, respond_by = $4, breach_at = $5, triage_decision = $6, triaged_at = $7,
           triaged_by = $8, triage_notes = $9, closed_at = $10, closed_reason = $11, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [
          r.id,
          to,
          urgency,
          respondBy,
          accept ? respondBy : breachAt(respondBy, now),
          dto.decision,
          now,
          ctx.principal.sub,
          dto.notes ?? null,
          accept ? null : now,
          accept ? null : reason,
        ],
      );
      await this.repo.addEvents(em, r.id, ctx.principal, events);
      // Webhooks: an event with no patient identifiers, committed with the triage itself.
      await this.outbox.publish(em, 'referral.triaged', {
        referralId: r.id,
        decision: dto.decision,
        status: to,
        urgency,
        triagedAt: now.toISOString(),
        destinations: routed.map((part) => ({ service: part.service, teamCode: part.teamCode })),
      });
    });
  }

  private async route(em: EntityManager, r: ReferralRow, destinations: TriageDestinationDto[], urgency: Urgency, now: Date) {
    const practice = await this.repo.practiceOf(em, r.patient_id);
    const types = new Set<TeamType>([SPOA_TEAM_TYPE]);
    for (const d of destinations) {
      types.add(SERVICE_TEAM_TYPE[d.service]);
      for (const t of OUT_OF_HOURS_CRISIS_COVER[d.service]) types.add(t);
    }
    const teams = await this.repo.candidates(em, [...types], practice?.odsCode ?? null);
    const out: { service: ReferralService; teamCode: string; basis: string; routedOutOfHours: boolean; reason: string | null }[] = [];
    for (const [i, d] of destinations.entries()) {
      if (d.teamCode) {
        await this.checkTeamServes(em, d.teamCode, d.service, `destinations.${i}.teamCode`);
        out.push({ service: d.service, teamCode: d.teamCode, basis: 'named', routedOutOfHours: false, reason: 'Named by the care navigator' });
        continue;
      }
      const result = routeService({ service: d.service, urgency, practice, teams, at: now });
      if (!result.ok) throw new NoTeamForService(`${result.reason}: name a teamCode`, [{ field: `destinations.${i}.service`, message: result.reason }]);
      out.push({ service: d.service, teamCode: result.teamCode, basis: result.basis, routedOutOfHours: result.routedOutOfHours, reason: result.reason });
    }
    return out;
  }

  private async checkTeamServes(em: EntityManager, teamCode: string, service: string, field: string): Promise<void> {
    const team = await this.repo.team(em, teamCode);
    const wanted = SERVICE_TEAM_TYPE[service as ReferralService];
    if (!team) throw new ValidationFailed(`No team with code ${teamCode}`, [{ field, message: 'is not a known team' }]);
    if (team.type !== wanted) throw new ValidationFailed(`${teamCode} does not provide ${service}`, [{ field, message: `is a ${team.type} team, not ${wanted}` }]);
  }

  // ---------------------------------------------------------------- receiving team

  teamAction(ctx: RequestContext, id: string, action: TeamAction, dto: TeamActionDto, ifMatch?: string): Promise<Changed> {
    const now = this.clock.now();
    const p = ctx.principal;
    return this.change(ctx, id, async (em, r, parts) => {
      const audit = `referral.${action}`;
      const party = parts.some((d) => p.teams.includes(d.team_code));
      // Someone outside the receiving teams learns nothing before the patient gate lets them in.
      if (!party) await this.openThroughGate(em, ctx, r, audit);
      const anyTeam = action === 'reassign' && p.permissions.has(Permission.ReferralTriage);
      const choice = chooseDestination(
        parts.map((d) => ({ id: d.id, teamCode: d.team_code, status: d.status })),
        p.teams,
        dto.destinationId,
        anyTeam,
      );
      if (!choice.ok) throw choiceError(choice.problem, action, r.status);
      const part = parts.find((d) => d.id === choice.part.id) as PartRow;
      const next = nextDestinationStatus(part.status, ACTION_EVENT[action]);
      if (!next) throw new InvalidTransition(`A routed part that is ${part.status} cannot be ${ACTION_PAST[action].replace('_', ' ')}`);
      if (party) await this.openThroughGate(em, ctx, r, audit);
      checkIfMatch(r, ifMatch);

      const event: NewEvent = { action: ACTION_PAST[action], from: part.status, to: next, teamCode: part.team_code, destinationId: part.id };
      let updated: Partial<PartRow>;
      if (action === 'accept') {
        const who = (dto as AcceptReferralDto).assignedTo?.trim() || p.sub;
        await em.query(`UPDATE referral_destinations SET status = $2, accepted_at = $3, assigned_to = $4, updated_at = now() WHERE id = $1`, [part.id, next, now, who]);
        event.detail = { assignedTo: who };
        updated = { status: next };
      } else if (action === 'first_contact') {
        const given = (dto as FirstContactDto).at;
        const at = given ? new Date(given) : now;
        const problem = Number.isNaN(at.getTime()) ? 'is not a real time' : firstContactProblem(at, r.received_at, now);
        if (problem) throw new ValidationFailed(`First contact ${problem}`, [{ field: 'at', message: problem }]);
        const stopped = breachAt(part.respond_by, at);
        await em.query(
          `UPDATE referral_destinations SET status = $2, first_contact_at = $3, first_contact_by = $4, accepted_at = COALESCE(accepted_at, $3),
             assigned_to = COALESCE(assigned_to, $4), breach_at = $5, updated_at = now() WHERE id = $1`,
          [part.id, next, at, p.sub, stopped],
        );
        event.detail = { at: at.toISOString(), withinTarget: at.getTime() <= part.respond_by.getTime() };
        updated = { status: next, breach_at: stopped };
      } else if (action === 'complete') {
        const c = dto as CompleteReferralDto;
        await em.query(`UPDATE referral_destinations SET status = $2, completed_at = $3, outcome = $4, outcome_notes = $5, updated_at = now() WHERE id = $1`, [
          part.id,
          next,
          now,
          c.outcome satisfies Outcome,
          c.notes ?? null,
        ]);
        event.detail = { outcome: c.outcome };
        updated = { status: next };
        const done = { referralId: r.id, patientId: r.patient_id, destinationId: part.id, service: part.service, teamCode: part.team_code, urgency: r.urgency };
        await this.hooks.firePartCompleted(em, { ...done, by: p.sub, outcome: c.outcome });
      } else {
        const d = dto as ReassignReferralDto;
        await this.checkTeamServes(em, d.teamCode, part.service, 'teamCode');
        if (d.teamCode === part.team_code) throw new ValidationFailed('The part is already with this team', [{ field: 'teamCode', message: 'is already the receiving team' }]);
        await em.query(
          `UPDATE referral_destinations SET team_code = $2, status = $3, accepted_at = NULL, assigned_to = NULL, routing_basis = 'reassigned',
             routed_out_of_hours = false, routing_reason = $4, breach_alerted_at = NULL, updated_at = now() WHERE id = $1`,
          [part.id, d.teamCode, next, d.reason.trim()],
        );
        Object.assign(event, { from: part.team_code, to: d.teamCode, teamCode: d.teamCode, reason: d.reason.trim(), detail: { service: part.service, status: next } });
        updated = { status: next, team_code: d.teamCode };
      }
      const after = parts.map((d) => (d.id === part.id ? { ...d, ...updated } : d));
      await this.settleReferral(em, ctx, r, after, [event], now);
    });
  }

  /** The referral's status and clock after a change to its parts (rollUp), with history. */
  private async settleReferral(em: EntityManager, ctx: RequestContext, r: ReferralRow, parts: PartRow[], events: NewEvent[], now: Date): Promise<void> {
    const status = rollUp(r.status, parts.map((d) => d.status));
    if (status !== r.status) {
      const event = rollUpEvent(r.status, status);
      if (!event || nextReferralStatus(r.status, event) !== status) throw new InvalidTransition(`A referral that is ${r.status} cannot become ${status}`);
      events.push({ action: 'status_changed', from: r.status, to: status });
    }
    const live = parts.filter((d) => d.status !== 'cancelled');
    const clock = earliest((live.length ? live : parts).map((d) => d.breach_at)) ?? r.breach_at;
    await em.query(
      `UPDATE referrals SET status = $2::varchar, breach_at = $3, closed_at = CASE WHEN $2::varchar = 'completed' THEN $4::timestamptz ELSE closed_at END,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [r.id, status, clock, now],
    );
    await this.repo.addEvents(em, r.id, ctx.principal, events);
  }

  // ---------------------------------------------------------------- cancel

  cancel(ctx: RequestContext, id: string, dto: CancelReferralDto, ifMatch?: string): Promise<Changed> {
    const now = this.clock.now();
    return this.change(ctx, id, async (em, r, parts) => {
      await this.openForRead(em, ctx, r, 'referral.cancel');
      if (!mayCancel(ctx.principal, r.created_by_org)) throw new Forbidden('Only the referring organisation or the single point of access can cancel a referral');
      checkIfMatch(r, ifMatch);
      const to = nextReferralStatus(r.status, 'cancel');
      if (!to) throw new InvalidTransition(`A referral that is ${r.status} cannot be cancelled`);
      const after: PartRow[] = [];
      for (const d of parts) {
        if (!OPEN_DESTINATION_STATUSES.includes(d.status)) {
          after.push(d);
          continue;
        }
        const stopped = AWAITING_CONTACT_STATUSES.includes(d.status) ? breachAt(d.respond_by, now) : d.breach_at;
        await em.query(`UPDATE referral_destinations SET status = 'cancelled', cancelled_at = $2, breach_at = $3, updated_at = now() WHERE id = $1`, [d.id, now, stopped]);
        after.push({ ...d, status: 'cancelled' as DestinationStatus, breach_at: stopped });
      }
      const clock = earliest(after.map((d) => d.breach_at)) ?? breachAt(r.respond_by, now);
      const reason = dto.reason.trim();
      await em.query(
        `UPDATE referrals SET status = $2, breach_at = $3, closed_at = $4, closed_reason = $5, version = version + 1, updated_at = now() WHERE id = $1`,
        [r.id, to, clock, now, reason],
      );
      const cancelled = parts.filter((d) => OPEN_DESTINATION_STATUSES.includes(d.status)).map((d) => d.id);
      await this.repo.addEvents(em, r.id, ctx.principal, [{ action: 'cancelled', from: r.status, to, reason, detail: { cancelledParts: cancelled } }]);
    });
  }

  // ---------------------------------------------------------------- helpers

  private change(ctx: RequestContext, id: string, apply: (em: EntityManager, r: ReferralRow, parts: PartRow[]) => Promise<void>): Promise<Changed> {
    return this.db.transaction(async (em) => {
      const r = await this.repo.lock(em, id);
      if (!r) throw new ReferralNotFound();
      await apply(em, r, await this.repo.parts(em, [id]));
      const [fresh] = await this.repo.rows(em, [id]);
      return this.answer(em, ctx, fresh);
    });
  }

  private async answer(em: EntityManager, ctx: RequestContext, row: ReferralRow): Promise<Changed> {
    const [parts, history] = [await this.repo.parts(em, [row.id]), await this.repo.history(em, row.id)];
    const includePatient = ctx.principal.permissions.has(Permission.PatientRead);
    const view = { ...toReferralView(row, parts, this.clock.now(), { includePatient, external: !includePatient, history }), ...(await this.hooks.extend(em, row.id)) };
    return { view, etag: etagOf(row.version) };
  }

  /** The referring organisation follows its referral; everyone else goes through the patient gate. */
  private async openForRead(em: EntityManager, ctx: RequestContext, r: ReferralRow, action: string): Promise<void> {
    if (isReferringOrganisation(ctx.principal, r.created_by_org)) {
      await this.audit.record(em, ctx, { action, resourceType: 'referral', resourceId: r.id, patient: { id: r.patient_id, nhsNumber: r.nhs_number } });
      return;
    }
    await this.openThroughGate(em, ctx, r, action);
  }

  /** PatientAccessService decides and audits (in this transaction); a refusal reads as "no such referral". */
  private async openThroughGate(em: EntityManager, ctx: RequestContext, r: ReferralRow, action: string): Promise<void> {
    const patient = await em.findOneByOrFail(PatientEntity, { id: r.patient_id });
    try {
      await this.access.authorise(em, ctx, patient, { action, resourceType: 'referral', resourceId: r.id });
    } catch (e) {
      if (e instanceof PatientNotFound) throw new ReferralNotFound();
      throw e;
    }
  }
}

function checkIfMatch(r: ReferralRow, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(r.version)) {
    throw new PreconditionFailed(`The referral is now at version ${r.version}; read it again and retry`);
  }
}

function choiceError(problem: Extract<PartChoice, { ok: false }>['problem'], action: TeamAction, status: string): Error {
  switch (problem) {
    case 'not_routed':
      return new InvalidTransition(`A referral that is ${status} has not been routed to a team`);
    case 'not_your_team':
      return new Forbidden(`Only the receiving team can ${action === 'first_contact' ? 'record first contact' : action}`);
    case 'unknown_destination':
      return new ValidationFailed('No such routed part', [{ field: 'destinationId', message: 'is not a routed part of this referral' }]);
    case 'ambiguous':
      return new ValidationFailed('Say which routed part', [{ field: 'destinationId', message: 'is required: several routed parts could be meant' }]);
  }
}
