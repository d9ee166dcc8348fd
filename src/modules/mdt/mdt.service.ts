import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { parseNhsNumber } from '../../common/validation/nhs-number';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { isExclusionViolation, isUniqueViolation } from '../../database/pg-errors';
import { TasksService } from '../tasks/tasks.service';
import { AGENDA_REASONS, type AgendaCandidate, type AgendaReason, MANUAL_REASON, REASON_TEXT, buildAgenda, capacityOf } from './domain/agenda';
import { ICS_CONTENT_TYPE, buildIcs } from './domain/ics';
import { conflictsWith, normaliseRole, quorum } from './domain/quorum';
import { addMonths, expandSeries, isValidTimeZone, localDate, parseRecurrence, wallTimeToInstant } from './domain/recurrence';
import { CarePlanNotFound } from '../care-plans/care-plan-errors';
import { CarePlansService } from '../care-plans/care-plans.service';
import { EpisodesService } from '../caseloads/episodes.service';
import type { EpisodeStatus } from '../caseloads/domain/episode-state';
import type { AddAgendaItemDto, AddAttendeeDto, CreateMeetingDto, CreateSeriesDto, OutcomeDto, UpdateMeetingDto } from './dto/mdt.dto';
import { MdtAgendaRegistry } from './mdt-agenda.registry';
import { Clock } from '../../common/clock';
import { AttendeeConflict, MdtInvalid, MeetingCancelled, MeetingNotFound, OutcomeExists } from './mdt-errors';
import { MdtAgendaItemEntity, MdtMeetingEntity, MdtOutcomeEntity, MdtSeriesEntity } from './mdt.entities';
import type { AgendaItemView, AgendaView, MeetingView, OutcomeView, SeriesView } from './mdt.view';

interface MeetingRow {
  id: string;
  series_id: string | null;
  practice_ods: string;
  team_code: string;
  starts_at: Date;
  ends_at: Date;
  status: 'scheduled' | 'cancelled';
  minutes_per_patient: number;
  core_roles: string[];
  cancel_reason: string | null;
  sequence: number;
  agenda_generated_at: Date | null;
}

interface ItemRow {
  patient_id: string;
  nhs_number: string;
  reason: string;
  reasons: string[];
  detail: string | null;
  source: 'generated' | 'rolled_over' | 'manual';
  status: 'scheduled' | 'overflow' | 'removed';
  position: number;
  minutes: number;
}

export interface MdtMetrics {
  /** Meetings not cancelled whose start has passed, in the window. */
  meetingsHeld: number;
  /** Of those, meetings where every core role had an attendee. */
  quorate: number;
  /** Distinct patients with a recorded outcome at those meetings. */
  patientsDiscussed: number;
  /** Open tasks created from MDT actions that are past their due time. */
  actionsOverdue: number;
}

const MEETING_COLUMNS = `m.id, m.series_id, m.practice_ods, m.team_code, m.starts_at, m.ends_at, m.status, m.minutes_per_patient,
  m.core_roles, m.cancel_reason, m.sequence, m.agenda_generated_at`;
const ACTION_TIME = { hour: 17, minute: 0, zone: 'Europe/London' };

function minutesBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / 60_000);
}

function explanation(reason: string): string {
  return reason === MANUAL_REASON ? 'Added by hand' : (REASON_TEXT[reason as AgendaReason] ?? reason);
}

function itemView(r: ItemRow, order: number): AgendaItemView {
  return { nhsNumber: r.nhs_number, reason: r.reason, reasons: r.reasons, explanation: explanation(r.reason), detail: r.detail, source: r.source, minutes: r.minutes, order };
}

/**
 * MDT meetings per GP practice: series and meetings, attendees (double-booking refused by the
 * database), quorum, agendas from live data, outcomes that become team tasks. Every use case owns
 * its transaction; patient data is read and written through PatientAccessService or audited here.
 * Meetings belong to a team: only that team's members see or change them.
 */
@Injectable()
export class MdtService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
    private readonly registry: MdtAgendaRegistry,
    private readonly episodes: EpisodesService,
    private readonly carePlans: CarePlansService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- series and meetings -------------------------------------------------------------------

  async createSeries(ctx: RequestContext, dto: CreateSeriesDto): Promise<SeriesView> {
    this.requireTeam(ctx, dto.teamCode);
    const timezone = dto.timezone ?? 'Europe/London';
    if (!isValidTimeZone(timezone)) throw new MdtInvalid('timezone', 'is not an IANA time zone');
    if (!parseRecurrence(dto.recurrence)) throw new MdtInvalid('recurrence', 'is not an RRULE this service can expand (FREQ=DAILY or coarser, no DTSTART)');
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      await this.requireAlignment(em, dto.teamCode, dto.practiceOds);
      const series = await em.save(
        em.create(MdtSeriesEntity, {
          practiceOds: dto.practiceOds,
          teamCode: dto.teamCode,
          recurrence: dto.recurrence.replace(/^RRULE:/i, '').toUpperCase(),
          startTime: dto.startTime,
          timezone,
          firstDate: dto.firstDate ?? localDate(now, timezone),
          durationMinutes: dto.durationMinutes,
          minutesPerPatient: dto.minutesPerPatient,
          coreRoles: [...new Set(dto.coreRoles.map(normaliseRole))],
          createdBy: ctx.principal.sub,
        }),
      );
      const ids = await this.generateMeetings(em, series, now, dto.aheadMonths ?? this.config.mdt.generateAheadMonths);
      return { ...this.seriesView(series), meetings: await this.meetingViews(em, ids) };
    });
  }

  /** The series with all its meetings (ordered by start). */
  async getSeries(ctx: RequestContext, seriesId: string): Promise<SeriesView> {
    return this.db.transaction(async (em) => {
      const series = await em.findOne(MdtSeriesEntity, { where: { id: seriesId } });
      if (!series || !ctx.principal.teams.includes(series.teamCode)) throw new MeetingNotFound();
      const ids: { id: string }[] = await em.query('SELECT id FROM mdt_meetings WHERE series_id = $1', [seriesId]);
      return { ...this.seriesView(series), meetings: await this.meetingViews(em, ids.map((r) => r.id)) };
    });
  }

  /** Generates the series' meetings up to the horizon; existing occurrences (moved or cancelled too) are never duplicated. */
  async extendSeries(ctx: RequestContext, seriesId: string, aheadMonths?: number): Promise<SeriesView> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const series = await em.findOne(MdtSeriesEntity, { where: { id: seriesId }, lock: { mode: 'pessimistic_write' } });
      if (!series || !ctx.principal.teams.includes(series.teamCode)) throw new MeetingNotFound();
      const ids = await this.generateMeetings(em, series, now, aheadMonths ?? this.config.mdt.generateAheadMonths);
      return { ...this.seriesView(series), meetings: await this.meetingViews(em, ids) };
    });
  }

  private async generateMeetings(em: EntityManager, s: MdtSeriesEntity, now: Date, aheadMonths: number): Promise<string[]> {
    const occurrences = expandSeries(
      { recurrence: s.recurrence, startTime: s.startTime, timezone: s.timezone, durationMinutes: s.durationMinutes, firstDate: s.firstDate },
      now,
      addMonths(now, aheadMonths),
    );
    if (occurrences.length > this.config.mdt.maxMeetingsPerSeries) {
      throw new MdtInvalid('recurrence', `would generate ${occurrences.length} meetings (at most ${this.config.mdt.maxMeetingsPerSeries})`);
    }
    if (!occurrences.length) return [];
    const rows: { id: string }[] = await em.query(
      `INSERT INTO mdt_meetings (series_id, series_starts_at, practice_ods, team_code, starts_at, ends_at, minutes_per_patient, core_roles)
       SELECT $1, o.s, $2, $3, o.s, o.e, $4, $5 FROM unnest($6::timestamptz[], $7::timestamptz[]) AS o(s, e)
       ON CONFLICT (series_id, series_starts_at) DO NOTHING RETURNING id`,
      [s.id, s.practiceOds, s.teamCode, s.minutesPerPatient, s.coreRoles, occurrences.map((o) => o.start), occurrences.map((o) => o.end)],
    );
    return rows.map((r) => r.id);
  }

  async createMeeting(ctx: RequestContext, dto: CreateMeetingDto): Promise<MeetingView> {
    this.requireTeam(ctx, dto.teamCode);
    const start = new Date(dto.start);
    return this.db.transaction(async (em) => {
      await this.requireAlignment(em, dto.teamCode, dto.practiceOds);
      const m = await em.save(
        em.create(MdtMeetingEntity, {
          practiceOds: dto.practiceOds,
          teamCode: dto.teamCode,
          startsAt: start,
          endsAt: new Date(start.getTime() + dto.durationMinutes * 60_000),
          minutesPerPatient: dto.minutesPerPatient,
          coreRoles: [...new Set(dto.coreRoles.map(normaliseRole))],
        }),
      );
      return (await this.meetingViews(em, [m.id]))[0];
    });
  }

  async list(ctx: RequestContext, q: { practice?: string; team?: string; from?: string; to?: string; status?: string; limit: number; cursor?: string }): Promise<Page<MeetingView>> {
    if (q.team) this.requireTeam(ctx, q.team);
    const teams = q.team ? [q.team] : ctx.principal.teams;
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const params: unknown[] = [teams];
      const where = ['m.team_code = ANY($1)'];
      const add = (sql: (n: string) => string, v: unknown) => {
        params.push(v);
        where.push(sql(`$${params.length}`));
      };
      if (q.practice) add((n) => `m.practice_ods = ${n}`, q.practice);
      if (q.from) add((n) => `m.starts_at >= ${n}`, new Date(q.from));
      if (q.to) add((n) => `m.starts_at < ${n}`, new Date(q.to));
      if (q.status) add((n) => `m.status = ${n}`, q.status);
      if (after) {
        params.push(after[0], after[1]);
        where.push(`(m.starts_at, m.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(q.limit + 1);
      const rows: MeetingRow[] = await em.query(
        `SELECT ${MEETING_COLUMNS} FROM mdt_meetings m WHERE ${where.join(' AND ')} ORDER BY m.starts_at, m.id LIMIT $${params.length}`,
        params,
      );
      const attendees = await this.attendeesOf(em, rows.map((r) => r.id));
      return toPage(rows, q.limit, (r) => [r.starts_at.toISOString(), r.id], (r) => this.meetingView(r, attendees.get(r.id) ?? []));
    });
  }

  async get(ctx: RequestContext, id: string): Promise<MeetingView> {
    return this.db.transaction(async (em) => {
      await this.meeting(em, ctx, id);
      return (await this.meetingViews(em, [id]))[0];
    });
  }

  /** Move (new start and/or duration: bookings move with it, 409 ATTENDEE_CONFLICT on a clash) or cancel. */
  async update(ctx: RequestContext, id: string, dto: UpdateMeetingDto): Promise<MeetingView> {
    try {
      return await this.db.transaction(async (em) => {
        const m = await this.meeting(em, ctx, id, true);
        if (m.status === 'cancelled') throw new MeetingCancelled();
        if (dto.status === 'cancelled') {
          await em.query(`UPDATE mdt_meetings SET status = 'cancelled', cancel_reason = $2, sequence = sequence + 1 WHERE id = $1`, [id, dto.cancelReason ?? null]);
          await em.query('UPDATE mdt_attendees SET active = false WHERE meeting_id = $1', [id]);
        } else if (dto.start || dto.durationMinutes) {
          const start = dto.start ? new Date(dto.start) : m.starts_at;
          const end = new Date(start.getTime() + (dto.durationMinutes ?? minutesBetween(m.starts_at, m.ends_at)) * 60_000);
          await em.query('UPDATE mdt_meetings SET starts_at = $2, ends_at = $3, sequence = sequence + 1 WHERE id = $1', [id, start, end]);
          await em.query(`UPDATE mdt_attendees SET during = tstzrange($2, $3, '[)') WHERE meeting_id = $1`, [id, start, end]);
        }
        return (await this.meetingViews(em, [id]))[0];
      });
    } catch (e) {
      if (isExclusionViolation(e)) throw new AttendeeConflict('An attendee of this meeting is already booked into a meeting overlapping the new time');
      throw e;
    }
  }

  // ---- attendees -----------------------------------------------------------------------------

  async addAttendee(ctx: RequestContext, id: string, dto: AddAttendeeDto): Promise<MeetingView> {
    try {
      return await this.db.transaction(async (em) => {
        const m = await this.meeting(em, ctx, id, true);
        if (m.status === 'cancelled') throw new MeetingCancelled();
        // Friendly check first; the exclusion constraint is what holds under concurrency.
        const booked: { meeting_id: string; start: Date; end: Date }[] = await em.query(
          `SELECT a.meeting_id, x.starts_at AS start, x.ends_at AS end FROM mdt_attendees a JOIN mdt_meetings x ON x.id = a.meeting_id
            WHERE a.staff_id = $1 AND a.active AND a.meeting_id <> $2 AND a.during && tstzrange($3, $4, '[)')`,
          [dto.staffId, id, m.starts_at, m.ends_at],
        );
        const clash = conflictsWith({ start: m.starts_at, end: m.ends_at }, booked);
        if (clash.length) throw new AttendeeConflict(`${dto.staffId} is already booked into MDT meeting ${clash[0].meeting_id} (${clash[0].start.toISOString()} to ${clash[0].end.toISOString()})`);
        await em.query(
          `INSERT INTO mdt_attendees (meeting_id, staff_id, name, role, during, active, added_by)
           VALUES ($1, $2, $3, $4, tstzrange($5, $6, '[)'), true, $7)
           ON CONFLICT (meeting_id, staff_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role`,
          [id, dto.staffId, dto.name.trim(), normaliseRole(dto.role), m.starts_at, m.ends_at, ctx.principal.sub],
        );
        return (await this.meetingViews(em, [id]))[0];
      });
    } catch (e) {
      if (isExclusionViolation(e)) throw new AttendeeConflict(`${dto.staffId} is already booked into an overlapping MDT meeting`);
      throw e;
    }
  }

  async removeAttendee(ctx: RequestContext, id: string, staffId: string): Promise<MeetingView> {
    return this.db.transaction(async (em) => {
      await this.meeting(em, ctx, id, true);
      await em.query('DELETE FROM mdt_attendees WHERE meeting_id = $1 AND staff_id = $2', [id, staffId]);
      return (await this.meetingViews(em, [id]))[0];
    });
  }

  // ---- agenda --------------------------------------------------------------------------------

  /**
   * Builds the agenda from live data: every registered MdtAgendaSource proposes patients of the
   * meeting's practice; the previous meeting's overflow goes first; manual items stay; patients
   * removed by hand stay off. Patients registered with the practice are known to the meeting's team
   * (practice alignment), so no per-patient gate is needed; each patient listed is audited.
   */
  async generateAgenda(ctx: RequestContext, id: string): Promise<AgendaView> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const m = await this.meeting(em, ctx, id, true);
      if (m.status === 'cancelled') throw new MeetingCancelled();
      const [prev]: { id: string; starts_at: Date }[] = await em.query(
        `SELECT id, starts_at FROM mdt_meetings WHERE practice_ods = $1 AND status <> 'cancelled' AND starts_at < $2 AND id <> $3
          ORDER BY starts_at DESC, id DESC LIMIT 1`,
        [m.practice_ods, m.starts_at, id],
      );
      const rolled: ItemRow[] = prev
        ? await em.query(
            `SELECT i.patient_id, p.nhs_number, i.reason, i.reasons, i.detail, i.position FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id
              WHERE i.meeting_id = $1 AND i.status = 'overflow' AND p.gp_practice_ods = $2 AND p.nhs_number IS NOT NULL AND p.deceased_at IS NULL
              ORDER BY i.position`,
            [prev.id, m.practice_ods],
          )
        : [];
      const own: ItemRow[] = await em.query(
        `SELECT i.patient_id, p.nhs_number, i.source, i.status, i.position, i.detail FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id WHERE i.meeting_id = $1`,
        [id],
      );
      const candidates = await this.registry.candidates(em, { practiceOds: m.practice_ods, since: prev?.starts_at ?? null, meetingStart: m.starts_at, now });
      const plan = buildAgenda({
        candidates,
        rolledOver: rolled
          .filter((r) => (AGENDA_REASONS as readonly string[]).includes(r.reason))
          .map((r, i): AgendaCandidate => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, reason: r.reason as AgendaReason, priority: i, detail: r.detail ?? undefined })),
        manual: own.filter((r) => r.source === 'manual' && r.status === 'scheduled').map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number, order: r.position, detail: r.detail })),
        removed: own.filter((r) => r.status === 'removed').map((r) => r.patient_id),
        durationMinutes: minutesBetween(m.starts_at, m.ends_at),
        minutesPerPatient: m.minutes_per_patient,
      });
      await em.query(`DELETE FROM mdt_agenda_items WHERE meeting_id = $1 AND status <> 'removed' AND source <> 'manual'`, [id]);
      const rows = [
        ...plan.items.map((it) => ({ ...it, status: 'scheduled' as const })),
        ...plan.overflow.map((it) => ({ ...it, status: 'overflow' as const })),
      ];
      if (rows.length) {
        await em
          .createQueryBuilder()
          .insert()
          .into(MdtAgendaItemEntity)
          .values(
            rows.map((it) => ({
              meetingId: id,
              patientId: it.patientId,
              reason: it.reason,
              reasons: it.reasons,
              detail: it.detail?.slice(0, 500) ?? null,
              source: it.source,
              status: it.status,
              position: it.order,
              minutes: it.minutes,
              addedBy: it.source === 'manual' ? ctx.principal.sub : 'system',
            })),
          )
          .orUpdate(['reasons', 'status', 'position', 'minutes', 'updated_at'], ['meeting_id', 'patient_id'])
          .execute();
      }
      await em.query('UPDATE mdt_meetings SET agenda_generated_at = $2 WHERE id = $1', [id, now]);
      return this.agendaOf(em, ctx, m, 'mdt.agenda.generate', now);
    });
  }

  async getAgenda(ctx: RequestContext, id: string): Promise<AgendaView> {
    return this.db.transaction(async (em) => this.agendaOf(em, ctx, await this.meeting(em, ctx, id), 'mdt.agenda.read'));
  }

  /** Adds a patient by hand (through the access gate); a manual item survives regeneration. */
  async addAgendaItem(ctx: RequestContext, id: string, dto: AddAgendaItemDto): Promise<AgendaView> {
    return this.db.transaction(async (em) => {
      const m = await this.meeting(em, ctx, id, true);
      if (m.status === 'cancelled') throw new MeetingCancelled();
      const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'mdt.agenda.add', resourceType: 'mdt_meeting', resourceId: id });
      const [{ next }]: { next: number }[] = await em.query(
        `SELECT COALESCE(MAX(position), 0) + 1 AS next FROM mdt_agenda_items WHERE meeting_id = $1 AND status = 'scheduled'`,
        [id],
      );
      await em.query(
        `INSERT INTO mdt_agenda_items (meeting_id, patient_id, reason, reasons, detail, source, status, position, minutes, added_by)
         VALUES ($1, $2, $3, $4, $5, 'manual', 'scheduled', $6, $7, $8)
         ON CONFLICT (meeting_id, patient_id) DO UPDATE SET source = 'manual', reason = EXCLUDED.reason,
           status = 'scheduled', detail = COALESCE(EXCLUDED.detail, mdt_agenda_items.detail), added_by = EXCLUDED.added_by, updated_at = now(),
           position = CASE WHEN mdt_agenda_items.status = 'scheduled' THEN mdt_agenda_items.position ELSE EXCLUDED.position END`,
        [id, patient.id, MANUAL_REASON, [MANUAL_REASON], dto.detail ?? null, Number(next), m.minutes_per_patient, ctx.principal.sub],
      );
      return this.agendaOf(em, ctx, m, 'mdt.agenda.read');
    });
  }

  /** Takes a patient off the agenda; regeneration does not bring them back to this meeting. */
  async removeAgendaItem(ctx: RequestContext, id: string, nhsNumber: string): Promise<AgendaView> {
    return this.db.transaction(async (em) => {
      const m = await this.meeting(em, ctx, id, true);
      const rows: { patient_id: string }[] = await em.query(
        `UPDATE mdt_agenda_items i SET status = 'removed', updated_at = now() FROM patients p
          WHERE p.id = i.patient_id AND i.meeting_id = $1 AND p.nhs_number = $2 AND i.status <> 'removed' RETURNING i.patient_id`,
        [id, nhsNumber],
      );
      if (!rows.length) throw new MdtInvalid('nhsNumber', 'is not on this agenda');
      await this.audit.record(em, ctx, { action: 'mdt.agenda.remove', resourceType: 'mdt_meeting', resourceId: id, patient: { id: rows[0].patient_id, nhsNumber } });
      await this.renumber(em, id);
      return this.agendaOf(em, ctx, m, 'mdt.agenda.read');
    });
  }

  /** The new order of every patient on the agenda (each exactly once). */
  async reorderAgenda(ctx: RequestContext, id: string, nhsNumbers: string[]): Promise<AgendaView> {
    const order = nhsNumbers.map((n) => {
      const r = parseNhsNumber(n);
      return r.ok ? r.value : n;
    });
    return this.db.transaction(async (em) => {
      const m = await this.meeting(em, ctx, id, true);
      const current: { patient_id: string; nhs_number: string }[] = await em.query(
        `SELECT i.patient_id, p.nhs_number FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id WHERE i.meeting_id = $1 AND i.status = 'scheduled'`,
        [id],
      );
      const byNhs = new Map(current.map((c) => [c.nhs_number, c.patient_id]));
      if (order.length !== current.length || new Set(order).size !== order.length || order.some((n) => !byNhs.has(n))) {
        throw new MdtInvalid('nhsNumbers', 'must list every patient on the agenda exactly once');
      }
      await em.query(
        `UPDATE mdt_agenda_items i SET position = o.pos, updated_at = now() FROM unnest($2::uuid[]) WITH ORDINALITY AS o(pid, pos)
          WHERE i.meeting_id = $1 AND i.patient_id = o.pid`,
        [id, order.map((n) => byNhs.get(n))],
      );
      return this.agendaOf(em, ctx, m, 'mdt.agenda.reorder');
    });
  }

  private async renumber(em: EntityManager, id: string): Promise<void> {
    await em.query(
      `UPDATE mdt_agenda_items i SET position = o.rn FROM (
         SELECT id, row_number() OVER (PARTITION BY status ORDER BY position, id) AS rn FROM mdt_agenda_items WHERE meeting_id = $1 AND status <> 'removed'
       ) o WHERE i.id = o.id`,
      [id],
    );
  }

  private async agendaOf(em: EntityManager, ctx: RequestContext, m: MeetingRow, action: string, _now?: Date): Promise<AgendaView> {
    const rows: ItemRow[] = await em.query(
      `SELECT i.patient_id, p.nhs_number, i.reason, i.reasons, i.detail, i.source, i.status, i.position, i.minutes
         FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id
        WHERE i.meeting_id = $1 AND i.status <> 'removed' ORDER BY i.status DESC, i.position, p.nhs_number`,
      [m.id],
    );
    await this.audit.record(
      em,
      ctx,
      rows.map((r) => ({ action, resourceType: 'mdt_meeting', resourceId: m.id, patient: { id: r.patient_id, nhsNumber: r.nhs_number } })),
    );
    const scheduled = rows.filter((r) => r.status === 'scheduled');
    const overflow = rows.filter((r) => r.status === 'overflow');
    return {
      meetingId: m.id,
      capacity: capacityOf(minutesBetween(m.starts_at, m.ends_at), m.minutes_per_patient),
      generatedAt: (await this.meetingRow(em, m.id))?.agenda_generated_at?.toISOString() ?? null,
      items: scheduled.map((r, i) => itemView(r, i + 1)),
      overflow: overflow.map((r, i) => itemView(r, i + 1)),
    };
  }

  // ---- outcomes ------------------------------------------------------------------------------

  /**
   * Records what the MDT decided for one patient (through the access gate: refused like any other
   * patient access). Each action becomes an open `mdt_action` task for the meeting's team.
   * carePlanAgreed records the MDT's agreement on the patient's current care plan; episodeTransition moves the patient's Pro-Active Care
   * episode (the open one, or the one named) through the episode rules in the same transaction,
   * so an illegal move refuses the whole outcome.
   */
  async recordOutcome(ctx: RequestContext, id: string, dto: OutcomeDto): Promise<OutcomeView> {
    try {
      return await this.db.transaction(async (em) => {
        const m = await this.meeting(em, ctx, id, true);
        if (m.status === 'cancelled') throw new MeetingCancelled();
        const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'mdt.outcome.record', resourceType: 'mdt_meeting', resourceId: id });
        // Before moving anything: a second outcome is refused as such (the unique key backs this up).
        if (await em.exists(MdtOutcomeEntity, { where: { meetingId: id, patientId: patient.id } })) throw new OutcomeExists();
        const episodeTransition = dto.episodeTransition ? await this.moveEpisode(em, ctx, patient.id, dto.episodeTransition) : null;
        if (dto.carePlanAgreed) await this.recordPlanAgreement(em, ctx, dto.nhsNumber, m.starts_at);
        const outcome = await em.save(
          em.create(MdtOutcomeEntity, {
            meetingId: id,
            patientId: patient.id,
            discussedAt: m.starts_at,
            summary: dto.summary,
            decisions: dto.decisions,
            actions: [],
            carePlanAgreed: dto.carePlanAgreed ?? null,
            episodeTransition,
            recordedBy: ctx.principal.sub,
          }),
        );
        const actions = [];
        for (const [i, a] of dto.actions.entries()) {
          const [y, mo, d] = a.dueDate.split('-').map(Number);
          const taskId = await this.tasks.create(em, {
            type: 'mdt_action',
            teamCode: m.team_code,
            title: a.description,
            detail: `MDT action for ${a.ownerStaffId} (meeting ${m.starts_at.toISOString().slice(0, 10)})`,
            dueAt: wallTimeToInstant(y, mo, d, ACTION_TIME.hour, ACTION_TIME.minute, ACTION_TIME.zone),
            source: { type: 'mdt_outcome', id: outcome.id },
            patientId: patient.id,
            createdBy: ctx.principal.sub,
            dedupeKey: `mdt_action:${outcome.id}:${i}`,
          });
          actions.push({ description: a.description, ownerStaffId: a.ownerStaffId, dueDate: a.dueDate, taskId });
        }
        await em.update(MdtOutcomeEntity, { id: outcome.id }, { actions });
        return this.outcomeView({ ...outcome, actions }, patient.nhsNumber as string);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new OutcomeExists();
      throw e;
    }
  }

  /** The MDT's agreement goes on the plan's current version (role `mdt`; the plan still needs the GP and patient side). */
  private async recordPlanAgreement(em: EntityManager, ctx: RequestContext, nhsNumber: string, meetingStart: Date): Promise<void> {
    try {
      await this.carePlans.agreeIn(em, ctx, nhsNumber, { role: 'mdt', name: `MDT meeting ${meetingStart.toISOString().slice(0, 10)}`, patientInvolved: false });
    } catch (e) {
      if (e instanceof CarePlanNotFound) throw new MdtInvalid('carePlanAgreed', 'the patient has no anticipatory care plan yet');
      throw e;
    }
  }

  private async moveEpisode(em: EntityManager, ctx: RequestContext, patientId: string, t: { episodeId?: string; to: string; reason?: string }) {
    const [episode]: { id: string }[] = t.episodeId
      ? await em.query('SELECT id FROM proactive_care_episodes WHERE id = $1 AND patient_id = $2', [t.episodeId, patientId])
      : await em.query(
          `SELECT id FROM proactive_care_episodes WHERE patient_id = $1 AND status NOT IN ('completed', 'declined', 'withdrawn')`,
          [patientId],
        );
    if (!episode) throw new MdtInvalid('episodeTransition.episodeId', "is not an open Pro-Active Care episode of this patient");
    await this.episodes.transitionIn(em, ctx, episode.id, { to: t.to as EpisodeStatus, reason: t.reason });
    return { episodeId: episode.id, to: t.to, reason: t.reason ?? null, applied: true };
  }

  async getOutcome(ctx: RequestContext, id: string, nhsNumber: string): Promise<OutcomeView> {
    return this.db.transaction(async (em) => {
      await this.meeting(em, ctx, id);
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'mdt.outcome.read', resourceType: 'mdt_meeting', resourceId: id });
      const o = await em.findOne(MdtOutcomeEntity, { where: { meetingId: id, patientId: patient.id } });
      if (!o) throw new MdtInvalid('nhsNumber', 'has no outcome recorded at this meeting');
      return this.outcomeView(o, nhsNumber);
    });
  }

  /**
   * When each patient was last discussed at an MDT (not cancelled): `lastMdtAt` for caseload rows.
   * No audit here: the caller (the caseload read) audits the patients it shows.
   */
  async lastDiscussedAt(patientIds: string[], em: EntityManager = this.db.manager): Promise<Map<string, Date>> {
    if (!patientIds.length) return new Map();
    const rows: { patient_id: string; at: Date }[] = await em.query(
      `SELECT o.patient_id, max(o.discussed_at) AS at FROM mdt_outcomes o JOIN mdt_meetings m ON m.id = o.meeting_id
        WHERE o.patient_id = ANY($1::uuid[]) AND m.status <> 'cancelled' GROUP BY o.patient_id`,
      [patientIds],
    );
    return new Map(rows.map((r) => [r.patient_id, r.at]));
  }

  /** Aggregate metrics feed (no patient data) over meetings starting in [from, to), optionally for one practice. */
  async metrics(
    filter: { practice?: string; locality?: string; from: Date; to: Date },
    now: Date = this.clock.now(),
    em: EntityManager = this.db.manager,
  ): Promise<MdtMetrics> {
    const scope = `($4::text IS NULL OR m.practice_ods = $4)
      AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.ods_code = m.practice_ods AND o.locality = $5))`;
    const [row]: { held: number; quorate: number; discussed: number; overdue: number }[] = await em.query(
      `WITH held AS (
         SELECT m.id, m.core_roles FROM mdt_meetings m
          WHERE m.status <> 'cancelled' AND m.starts_at >= $1 AND m.starts_at < $2 AND m.starts_at <= $3 AND ${scope}
       )
       SELECT (SELECT count(*)::int FROM held) AS held,
              (SELECT count(*)::int FROM held h WHERE h.core_roles::text[] <@ COALESCE((SELECT array_agg(a.role::text) FROM mdt_attendees a WHERE a.meeting_id = h.id), '{}')) AS quorate,
              (SELECT count(DISTINCT o.patient_id)::int FROM mdt_outcomes o JOIN held h ON h.id = o.meeting_id) AS discussed,
              (SELECT count(*)::int FROM tasks t JOIN mdt_outcomes o ON t.source_type = 'mdt_outcome' AND t.source_id = o.id::text
                 JOIN mdt_meetings m ON m.id = o.meeting_id
                WHERE t.status = 'open' AND t.due_at < $3 AND ${scope}) AS overdue`,
      [filter.from, filter.to, now, filter.practice ?? null, filter.locality ?? null],
    );
    return { meetingsHeld: row.held, quorate: row.quorate, patientsDiscussed: row.discussed, actionsOverdue: row.overdue };
  }

  // ---- calendar ------------------------------------------------------------------------------

  /** The meeting as iCalendar. No patient data: the agenda is given as a count only. */
  async calendar(ctx: RequestContext, id: string): Promise<{ contentType: string; body: string }> {
    return this.db.transaction(async (em) => {
      const m = await this.meeting(em, ctx, id);
      const view = (await this.meetingViews(em, [id]))[0];
      const [org]: { name: string }[] = await em.query('SELECT name FROM organisations WHERE ods_code = $1', [m.practice_ods]);
      const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM mdt_agenda_items WHERE meeting_id = $1 AND status = 'scheduled'`, [id]);
      const body = buildIcs(
        {
          id,
          start: m.starts_at,
          end: m.ends_at,
          status: m.status,
          sequence: m.sequence,
          summary: `MDT: ${org?.name ?? m.practice_ods} (${m.team_code})`,
          description: `Multidisciplinary team meeting for ${m.practice_ods}. Agenda: ${n} patient(s). Core roles: ${view.coreRoles.join(', ') || 'none'}.`,
          attendees: view.attendees,
        },
        this.clock.now(),
      );
      return { contentType: ICS_CONTENT_TYPE, body };
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private requireTeam(ctx: RequestContext, teamCode: string): void {
    if (!ctx.principal.teams.includes(teamCode)) throw new Forbidden(`You are not a member of team ${teamCode}`);
  }

  private async requireAlignment(em: EntityManager, teamCode: string, practiceOds: string): Promise<void> {
    const rows = await em.query('SELECT 1 FROM team_practices WHERE team_code = $1 AND practice_ods = $2', [teamCode, practiceOds]);
    if (!rows.length) throw new MdtInvalid('teamCode', `is not aligned to practice ${practiceOds}`);
  }

  private async meetingRow(em: EntityManager, id: string, lock = false): Promise<MeetingRow | undefined> {
    const [row]: MeetingRow[] = await em.query(`SELECT ${MEETING_COLUMNS} FROM mdt_meetings m WHERE m.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  /** The meeting, when it belongs to one of the caller's teams (404 otherwise: existence is not leaked). */
  private async meeting(em: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<MeetingRow> {
    const row = await this.meetingRow(em, id, lock);
    if (!row || !ctx.principal.teams.includes(row.team_code)) throw new MeetingNotFound();
    return row;
  }

  private async attendeesOf(em: EntityManager, ids: string[]): Promise<Map<string, { staffId: string; name: string; role: string }[]>> {
    const out = new Map<string, { staffId: string; name: string; role: string }[]>();
    if (!ids.length) return out;
    const rows: { meeting_id: string; staff_id: string; name: string; role: string }[] = await em.query(
      'SELECT meeting_id, staff_id, name, role FROM mdt_attendees WHERE meeting_id = ANY($1::uuid[]) ORDER BY role, name, staff_id',
      [ids],
    );
    for (const r of rows) {
      const list = out.get(r.meeting_id) ?? [];
      list.push({ staffId: r.staff_id, name: r.name, role: r.role });
      out.set(r.meeting_id, list);
    }
    return out;
  }

  private async meetingViews(em: EntityManager, ids: string[]): Promise<MeetingView[]> {
    if (!ids.length) return [];
    const rows: MeetingRow[] = await em.query(`SELECT ${MEETING_COLUMNS} FROM mdt_meetings m WHERE m.id = ANY($1::uuid[]) ORDER BY m.starts_at, m.id`, [ids]);
    const attendees = await this.attendeesOf(em, ids);
    return rows.map((r) => this.meetingView(r, attendees.get(r.id) ?? []));
  }

  private meetingView(r: MeetingRow, attendees: { staffId: string; name: string; role: string }[]): MeetingView {
    const duration = minutesBetween(r.starts_at, r.ends_at);
    const q = quorum(r.core_roles, attendees.map((a) => a.role));
    return {
      id: r.id,
      seriesId: r.series_id,
      practiceOds: r.practice_ods,
      teamCode: r.team_code,
      start: r.starts_at.toISOString(),
      end: r.ends_at.toISOString(),
      status: r.status,
      durationMinutes: duration,
      minutesPerPatient: r.minutes_per_patient,
      capacity: capacityOf(duration, r.minutes_per_patient),
      coreRoles: r.core_roles,
      attendees,
      quorate: q.quorate,
      missingRoles: q.missingRoles,
      cancelReason: r.cancel_reason,
    };
  }

  private seriesView(s: MdtSeriesEntity): Omit<SeriesView, 'meetings'> {
    return {
      id: s.id,
      practiceOds: s.practiceOds,
      teamCode: s.teamCode,
      recurrence: s.recurrence,
      startTime: s.startTime,
      timezone: s.timezone,
      firstDate: s.firstDate,
      durationMinutes: s.durationMinutes,
      minutesPerPatient: s.minutesPerPatient,
      coreRoles: s.coreRoles,
    };
  }

  private outcomeView(o: MdtOutcomeEntity, nhsNumber: string): OutcomeView {
    const t = o.episodeTransition as { episodeId?: string | null; to: string; reason?: string | null; applied?: boolean } | null;
    return {
      id: o.id,
      meetingId: o.meetingId,
      nhsNumber,
      discussedAt: new Date(o.discussedAt).toISOString(),
      summary: o.summary,
      decisions: o.decisions,
      actions: o.actions,
      carePlanAgreed: o.carePlanAgreed,
      episodeTransition: t ? { episodeId: t.episodeId ?? null, to: t.to, reason: t.reason ?? null, applied: t.applied ?? false } : null,
      recordedBy: o.recordedBy,
      recordedAt: new Date(o.recordedAt).toISOString(),
    };
  }
}
