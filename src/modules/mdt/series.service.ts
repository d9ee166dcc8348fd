import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { normaliseRole } from './domain/quorum';
import { addMonths, expandSeries, isValidTimeZone, localDate, parseRecurrence } from './domain/recurrence';
import type { CreateSeriesDto } from './dto/mdt.dto';
import { MdtInvalid, MeetingNotFound } from './mdt-errors';
import type { MdtSeriesEntity } from './mdt.entities';
import { type SeriesView, toSeriesView } from './mdt.view';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';
import { SeriesRepository } from './series.repository';

/**
 * Recurring MDT series: the rule (RRULE, wall-clock start time and zone) and the meetings generated
 * from it ahead of time. Regenerating never duplicates an occurrence, moved or cancelled ones too.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly db: DataSource,
    private readonly series: SeriesRepository,
    private readonly meetings: MeetingsRepository,
    private readonly meetingViews: MeetingsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createSeries(ctx: RequestContext, dto: CreateSeriesDto): Promise<SeriesView> {
    this.meetingViews.requireTeam(ctx, dto.teamCode);
    const timezone = dto.timezone ?? 'Europe/London';
    if (!isValidTimeZone(timezone)) throw new MdtInvalid('timezone', 'is not an IANA time zone');
    if (!parseRecurrence(dto.recurrence)) throw new MdtInvalid('recurrence', 'is not an RRULE this service can expand (FREQ=DAILY or coarser, no DTSTART)');
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      await this.meetingViews.requireAlignment(em, dto.teamCode, dto.practiceOds);
      const series = await this.series.create(em, {
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
      });
      const ids = await this.generate(em, series, now, dto.aheadMonths ?? this.config.mdt.generateAheadMonths);
      return toSeriesView(series, await this.meetingViews.views(em, ids));
    });
  }

  /** The series with all its meetings (ordered by start). */
  async getSeries(ctx: RequestContext, seriesId: string): Promise<SeriesView> {
    return this.db.transaction(async (em) => {
      const series = await this.series.find(em, seriesId);
      if (!series || !ctx.principal.teams.includes(series.teamCode)) throw new MeetingNotFound();
      const ids = await this.meetings.idsOfSeries(em, seriesId);
      return toSeriesView(series, await this.meetingViews.views(em, ids));
    });
  }

  /** Generates the series' meetings up to the horizon; existing occurrences (moved or cancelled too) are never duplicated. */
  async extendSeries(ctx: RequestContext, seriesId: string, aheadMonths?: number): Promise<SeriesView> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const series = await this.series.find(em, seriesId, true);
      if (!series || !ctx.principal.teams.includes(series.teamCode)) throw new MeetingNotFound();
      const ids = await this.generate(em, series, now, aheadMonths ?? this.config.mdt.generateAheadMonths);
      return toSeriesView(series, await this.meetingViews.views(em, ids));
    });
  }

  private async generate(em: EntityManager, s: MdtSeriesEntity, now: Date, aheadMonths: number): Promise<string[]> {
    const occurrences = expandSeries(
      { recurrence: s.recurrence, startTime: s.startTime, timezone: s.timezone, durationMinutes: s.durationMinutes, firstDate: s.firstDate },
      now,
      addMonths(now, aheadMonths),
    );
    if (occurrences.length > this.config.mdt.maxMeetingsPerSeries) {
      throw new MdtInvalid('recurrence', `would generate ${occurrences.length} meetings (at most ${this.config.mdt.maxMeetingsPerSeries})`);
    }
    if (!occurrences.length) return [];
    return this.meetings.insertOccurrences(em, s, occurrences);
  }
}
