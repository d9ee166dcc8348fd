import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { writeTransaction } from '../../database/write-transaction';
import { AttendeesRepository } from './attendees.repository';
import { conflictsWith, normaliseRole } from './domain/quorum';
import type { AddAttendeeDto } from './dto/mdt.dto';
import { AttendeeConflict } from './mdt-errors';
import type { MeetingView } from './mdt.view';
import { MeetingsService } from './meetings.service';

/** Who attends a meeting. A person is never booked into two overlapping meetings: the database refuses it. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly db: DataSource,
    private readonly attendees: AttendeesRepository,
    private readonly meetings: MeetingsService,
  ) {}

  async addAttendee(ctx: RequestContext, id: string, dto: AddAttendeeDto): Promise<MeetingView> {
    return writeTransaction(
      this.db,
      async (em) => {
        const m = await this.meetings.lockScheduled(em, ctx, id);
        // Friendly check first; the exclusion constraint is what holds under concurrency.
        const booked = await this.attendees.overlapping(em, dto.staffId, id, m.startsAt, m.endsAt);
        const clash = conflictsWith({ start: m.startsAt, end: m.endsAt }, booked);
        if (clash.length) {
          throw new AttendeeConflict(`${dto.staffId} is already booked into MDT meeting ${clash[0].meetingId} (${clash[0].start.toISOString()} to ${clash[0].end.toISOString()})`);
        }
        await this.attendees.upsert(em, {
          meetingId: id,
          staffId: dto.staffId,
          name: dto.name.trim(),
          role: normaliseRole(dto.role),
          start: m.startsAt,
          end: m.endsAt,
          addedBy: ctx.principal.sub,
        });
        return (await this.meetings.views(em, [id]))[0];
      },
      { constraints: { ex_mdt_attendees_no_double_booking: () => new AttendeeConflict(`${dto.staffId} is already booked into an overlapping MDT meeting`) } },
    );
  }

  async removeAttendee(ctx: RequestContext, id: string, staffId: string): Promise<MeetingView> {
    return this.db.transaction(async (em) => {
      await this.meetings.forCaller(em, ctx, id, true);
      await this.attendees.remove(em, id, staffId);
      return (await this.meetings.views(em, [id]))[0];
    });
  }
}
