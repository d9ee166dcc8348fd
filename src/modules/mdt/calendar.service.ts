import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { AgendaRepository } from './agenda.repository';
import { ICS_CONTENT_TYPE, buildIcs } from './domain/ics';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

/** A meeting as an iCalendar file for the attendees' calendars. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly db: DataSource,
    private readonly meetings: MeetingsService,
    private readonly meetingRows: MeetingsRepository,
    private readonly agenda: AgendaRepository,
    private readonly clock: Clock,
  ) {}

  /** The meeting as iCalendar. No patient data: the agenda is given as a count only. */
  async calendar(ctx: RequestContext, id: string): Promise<{ contentType: string; body: string }> {
    return this.db.transaction(async (em) => {
      const m = await this.meetings.forCaller(em, ctx, id);
      const view = (await this.meetings.views(em, [id]))[0];
      const practice = await this.meetingRows.practiceName(em, m.practiceOds);
      const n = await this.agenda.scheduledCount(em, id);
      const body = buildIcs(
        {
          id,
          start: m.startsAt,
          end: m.endsAt,
          status: m.status,
          sequence: m.sequence,
          summary: `MDT: ${practice ?? m.practiceOds} (${m.teamCode})`,
          description: `Multidisciplinary team meeting for ${m.practiceOds}. Agenda: ${n} patient(s). Core roles: ${view.coreRoles.join(', ') || 'none'}.`,
          attendees: view.attendees,
        },
        this.clock.now(),
      );
      return { contentType: ICS_CONTENT_TYPE, body };
    });
  }
}
