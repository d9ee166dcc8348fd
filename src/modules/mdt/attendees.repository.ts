import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface Attendee {
  staffId: string;
  name: string;
  role: string;
}

/** A booking of one person into another meeting. */
export interface Booking {
  meetingId: string;
  start: Date;
  end: Date;
}

export interface NewAttendee extends Attendee {
  meetingId: string;
  start: Date;
  end: Date;
  addedBy: string;
}

/**
 * mdt_attendees. Each booking carries its meeting's time (`during`) and is inactive once the meeting
 * is cancelled, so the exclusion constraint ex_mdt_attendees_no_double_booking refuses a person in
 * two overlapping meetings whoever books them; moving a meeting moves its bookings (moveAll).
 */
@Injectable()
export class AttendeesRepository {
  /** Attendees per meeting id, by role, name, staff id. */
  async ofMeetings(em: EntityManager, ids: string[]): Promise<Map<string, Attendee[]>> {
    const out = new Map<string, Attendee[]>();
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

  /** The person's active bookings into other meetings overlapping [start, end). */
  async overlapping(em: EntityManager, staffId: string, exceptMeetingId: string, start: Date, end: Date): Promise<Booking[]> {
    const rows: { meeting_id: string; start: Date; end: Date }[] = await em.query(
      `SELECT a.meeting_id, x.starts_at AS start, x.ends_at AS end FROM mdt_attendees a JOIN mdt_meetings x ON x.id = a.meeting_id
        WHERE a.staff_id = $1 AND a.active AND a.meeting_id <> $2 AND a.during && tstzrange($3, $4, '[)')`,
      [staffId, exceptMeetingId, start, end],
    );
    return rows.map((r) => ({ meetingId: r.meeting_id, start: r.start, end: r.end }));
  }

  /** Books the person (booked already: their name and role are updated). */
  async upsert(em: EntityManager, a: NewAttendee): Promise<void> {
    await em.query(
      `INSERT INTO mdt_attendees (meeting_id, staff_id, name, role, during, active, added_by)
       VALUES ($1, $2, $3, $4, tstzrange($5, $6, '[)'), true, $7)
       ON CONFLICT (meeting_id, staff_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role`,
      [a.meetingId, a.staffId, a.name, a.role, a.start, a.end, a.addedBy],
    );
  }

  async remove(em: EntityManager, meetingId: string, staffId: string): Promise<void> {
    await em.query('DELETE FROM mdt_attendees WHERE meeting_id = $1 AND staff_id = $2', [meetingId, staffId]);
  }

  /** The meeting is cancelled: its bookings no longer hold the people's time. */
  async deactivateAll(em: EntityManager, meetingId: string): Promise<void> {
    await em.query('UPDATE mdt_attendees SET active = false WHERE meeting_id = $1', [meetingId]);
  }

  /** The meeting moved: its bookings move with it (the exclusion constraint checks the new time). */
  async moveAll(em: EntityManager, meetingId: string, start: Date, end: Date): Promise<void> {
    await em.query(`UPDATE mdt_attendees SET during = tstzrange($2, $3, '[)') WHERE meeting_id = $1`, [meetingId, start, end]);
  }
}
