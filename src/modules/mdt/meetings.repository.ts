import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import type { Occurrence } from './domain/recurrence';
import { MdtMeetingEntity, type MdtSeriesEntity } from './mdt.entities';

/** One MDT meeting as the services use it. */
export interface MeetingRecord {
  id: string;
  seriesId: string | null;
  practiceOds: string;
  teamCode: string;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'cancelled';
  minutesPerPatient: number;
  coreRoles: string[];
  cancelReason: string | null;
  /** Bumped on every move or cancellation: the iCalendar SEQUENCE. */
  sequence: number;
  agendaGeneratedAt: Date | null;
}

export interface MeetingFilter {
  teams: string[];
  practice?: string;
  from?: Date;
  to?: Date;
  status?: string;
  /** Keyset: (starts_at, id) after this pair. */
  after?: [string, string];
  limit: number;
}

export interface NewMeeting {
  practiceOds: string;
  teamCode: string;
  startsAt: Date;
  endsAt: Date;
  minutesPerPatient: number;
  coreRoles: string[];
}

/** The columns of a MeetingRecord, named as it names them. */
const MEETING_COLUMNS = `m.id, m.series_id AS "seriesId", m.practice_ods AS "practiceOds", m.team_code AS "teamCode", m.starts_at AS "startsAt",
  m.ends_at AS "endsAt", m.status, m.minutes_per_patient AS "minutesPerPatient", m.core_roles AS "coreRoles", m.cancel_reason AS "cancelReason",
  m.sequence, m.agenda_generated_at AS "agendaGeneratedAt"`;
const FOR_UPDATE = ' FOR UPDATE';

/** mdt_meetings, and the reference data (team alignment, practice names) meetings are checked and shown with. */
@Injectable()
export class MeetingsRepository {
  async find(em: EntityManager, id: string, lock = false): Promise<MeetingRecord | undefined> {
    const [row]: MeetingRecord[] = await em.query(`SELECT ${MEETING_COLUMNS} FROM mdt_meetings m WHERE m.id = $1${lock ? FOR_UPDATE : ''}`, [id]);
    return row;
  }

  /** The meetings with these ids, by start then id. */
  async findMany(em: EntityManager, ids: string[]): Promise<MeetingRecord[]> {
    return em.query(`SELECT ${MEETING_COLUMNS} FROM mdt_meetings m WHERE m.id = ANY($1::uuid[]) ORDER BY m.starts_at, m.id`, [ids]);
  }

  /** A page of meetings (limit + 1 rows, so the caller can tell whether there is a next page). */
  async list(em: EntityManager, f: MeetingFilter): Promise<(MeetingRecord & CursorAt)[]> {
    const p = new SqlParams([f.teams]);
    const where = ['m.team_code = ANY($1)'];
    if (f.practice) where.push(`m.practice_ods = ${p.add(f.practice)}`);
    if (f.from) where.push(`m.starts_at >= ${p.add(f.from)}`);
    if (f.to) where.push(`m.starts_at < ${p.add(f.to)}`);
    if (f.status) where.push(`m.status = ${p.add(f.status)}`);
    if (f.after) where.push(p.keyset('m.starts_at, m.id', '>', f.after));
    return em.query(
      `SELECT ${MEETING_COLUMNS}, ${selectCursorAt('m.starts_at')} FROM mdt_meetings m WHERE ${where.join(' AND ')} ORDER BY m.starts_at, m.id LIMIT ${p.add(f.limit + 1)}`,
      p.values,
    );
  }

  async create(em: EntityManager, m: NewMeeting): Promise<string> {
    const saved = await em.save(em.create(MdtMeetingEntity, m));
    return saved.id;
  }

  /** Inserts the series' occurrences; ones it already has (moved or cancelled too) are skipped. Returns the new meetings' ids. */
  async insertOccurrences(em: EntityManager, s: MdtSeriesEntity, occurrences: Occurrence[]): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO mdt_meetings (series_id, series_starts_at, practice_ods, team_code, starts_at, ends_at, minutes_per_patient, core_roles)
       SELECT $1, o.s, $2, $3, o.s, o.e, $4, $5 FROM unnest($6::timestamptz[], $7::timestamptz[]) AS o(s, e)
       ON CONFLICT (series_id, series_starts_at) DO NOTHING RETURNING id`,
      [s.id, s.practiceOds, s.teamCode, s.minutesPerPatient, s.coreRoles, occurrences.map((o) => o.start), occurrences.map((o) => o.end)],
    );
    return rows.map((r) => r.id);
  }

  async idsOfSeries(em: EntityManager, seriesId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query('SELECT id FROM mdt_meetings WHERE series_id = $1', [seriesId]);
    return rows.map((r) => r.id);
  }

  async cancel(em: EntityManager, id: string, reason: string | null): Promise<void> {
    await em.query(`UPDATE mdt_meetings SET status = 'cancelled', cancel_reason = $2, sequence = sequence + 1 WHERE id = $1`, [id, reason]);
  }

  async move(em: EntityManager, id: string, start: Date, end: Date): Promise<void> {
    await em.query('UPDATE mdt_meetings SET starts_at = $2, ends_at = $3, sequence = sequence + 1 WHERE id = $1', [id, start, end]);
  }

  /** The practice's latest meeting (not cancelled) starting before `before`, other than `exceptId`. */
  async previous(em: EntityManager, practiceOds: string, before: Date, exceptId: string): Promise<{ id: string; startsAt: Date } | undefined> {
    const [row]: { id: string; starts_at: Date }[] = await em.query(
      `SELECT id, starts_at FROM mdt_meetings WHERE practice_ods = $1 AND status <> 'cancelled' AND starts_at < $2 AND id <> $3
        ORDER BY starts_at DESC, id DESC LIMIT 1`,
      [practiceOds, before, exceptId],
    );
    return row && { id: row.id, startsAt: row.starts_at };
  }

  async markAgendaGenerated(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query('UPDATE mdt_meetings SET agenda_generated_at = $2 WHERE id = $1', [id, at]);
  }

  /** Whether the team is aligned to the practice (team_practices, reference data). */
  async isAligned(em: EntityManager, teamCode: string, practiceOds: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM team_practices WHERE team_code = $1 AND practice_ods = $2', [teamCode, practiceOds]);
    return rows.length > 0;
  }

  /** The practice's name (organisations, reference data), if known. */
  async practiceName(em: EntityManager, practiceOds: string): Promise<string | undefined> {
    const [org]: { name: string }[] = await em.query('SELECT name FROM organisations WHERE ods_code = $1', [practiceOds]);
    return org?.name;
  }
}
