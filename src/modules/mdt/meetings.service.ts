import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { writeTransaction } from '../../database/write-transaction';
import { AttendeesRepository } from './attendees.repository';
import { normaliseRole } from './domain/quorum';
import type { CreateMeetingDto, UpdateMeetingDto } from './dto/mdt.dto';
import { AttendeeConflict, MdtInvalid, MeetingCancelled, MeetingNotFound } from './mdt-errors';
import { type MeetingView, minutesBetween, toMeetingView } from './mdt.view';
import { type MeetingRecord, MeetingsRepository } from './meetings.repository';

export interface MeetingQuery {
  practice?: string;
  team?: string;
  from?: string;
  to?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

/**
 * MDT meetings: one-off meetings, listing, moving and cancelling; and the checks every MDT use case
 * shares (the caller's team, practice alignment, the meeting as the caller may see it, the views).
 * Meetings belong to a team: only that team's members see or change them.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly db: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly attendees: AttendeesRepository,
  ) {}

  async createMeeting(ctx: RequestContext, dto: CreateMeetingDto): Promise<MeetingView> {
    this.requireTeam(ctx, dto.teamCode);
    const start = new Date(dto.start);
    return this.db.transaction(async (em) => {
      await this.requireAlignment(em, dto.teamCode, dto.practiceOds);
      const id = await this.meetings.create(em, {
        practiceOds: dto.practiceOds,
        teamCode: dto.teamCode,
        startsAt: start,
        endsAt: new Date(start.getTime() + dto.durationMinutes * 60_000),
        minutesPerPatient: dto.minutesPerPatient,
        coreRoles: [...new Set(dto.coreRoles.map(normaliseRole))],
      });
      return (await this.views(em, [id]))[0];
    });
  }

  async list(ctx: RequestContext, q: MeetingQuery): Promise<Page<MeetingView>> {
    if (q.team) this.requireTeam(ctx, q.team);
    const teams = q.team ? [q.team] : ctx.principal.teams;
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    return this.db.transaction(async (em) => {
      const rows = await this.meetings.list(em, {
        teams,
        practice: q.practice,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        status: q.status,
        after,
        limit: q.limit,
      });
      const attendees = await this.attendees.ofMeetings(em, rows.map((r) => r.id));
      return toPage(rows, q.limit, (r) => [r.cursorAt, r.id], (r) => toMeetingView(r, attendees.get(r.id) ?? []));
    });
  }

  async get(ctx: RequestContext, id: string): Promise<MeetingView> {
    return this.db.transaction(async (em) => {
      await this.forCaller(em, ctx, id);
      return (await this.views(em, [id]))[0];
    });
  }

  /** Move (new start and/or duration: bookings move with it, 409 ATTENDEE_CONFLICT on a clash) or cancel. */
  async update(ctx: RequestContext, id: string, dto: UpdateMeetingDto): Promise<MeetingView> {
    return writeTransaction(
      this.db,
      async (em) => {
        const m = await this.lockScheduled(em, ctx, id);
        if (dto.status === 'cancelled') {
          await this.meetings.cancel(em, id, dto.cancelReason ?? null);
          await this.attendees.deactivateAll(em, id);
        } else if (dto.start || dto.durationMinutes) {
          const start = dto.start ? new Date(dto.start) : m.startsAt;
          const end = new Date(start.getTime() + (dto.durationMinutes ?? minutesBetween(m.startsAt, m.endsAt)) * 60_000);
          await this.meetings.move(em, id, start, end);
          await this.attendees.moveAll(em, id, start, end);
        }
        return (await this.views(em, [id]))[0];
      },
      {
        constraints: {
          ex_mdt_attendees_no_double_booking: () => new AttendeeConflict('An attendee of this meeting is already booked into a meeting overlapping the new time'),
        },
      },
    );
  }

  // ---- shared by the MDT use cases ----------------------------------------------------------

  requireTeam(ctx: RequestContext, teamCode: string): void {
    if (!ctx.principal.teams.includes(teamCode)) throw new Forbidden(`You are not a member of team ${teamCode}`);
  }

  async requireAlignment(em: EntityManager, teamCode: string, practiceOds: string): Promise<void> {
    if (!(await this.meetings.isAligned(em, teamCode, practiceOds))) throw new MdtInvalid('teamCode', `is not aligned to practice ${practiceOds}`);
  }

  /** The meeting, when it belongs to one of the caller's teams (404 otherwise: existence is not leaked); `lock` holds it. */
  /** The caller's meeting, locked for a change that a cancelled meeting refuses (MeetingCancelled). */
  async lockScheduled(em: EntityManager, ctx: RequestContext, id: string): Promise<MeetingRecord> {
    const m = await this.forCaller(em, ctx, id, true);
    if (m.status === 'cancelled') throw new MeetingCancelled();
    return m;
  }

  async forCaller(em: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<MeetingRecord> {
    const m = await this.meetings.find(em, id, lock);
    if (!m || !ctx.principal.teams.includes(m.teamCode)) throw new MeetingNotFound();
    return m;
  }

  /** The meetings with their attendees, by start. */
  async views(em: EntityManager, ids: string[]): Promise<MeetingView[]> {
    if (!ids.length) return [];
    const rows = await this.meetings.findMany(em, ids);
    const attendees = await this.attendees.ofMeetings(em, ids);
    return rows.map((r) => toMeetingView(r, attendees.get(r.id) ?? []));
  }
}
