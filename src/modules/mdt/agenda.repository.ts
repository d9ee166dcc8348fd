import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MANUAL_REASON, type PlannedItem } from './domain/agenda';
import { MdtAgendaItemEntity } from './mdt.entities';

/** One patient on a meeting's agenda (with the NHS number shown and audited). */
export interface AgendaItemRecord {
  patientId: string;
  nhsNumber: string;
  reason: string;
  reasons: string[];
  detail: string | null;
  source: 'generated' | 'rolled_over' | 'manual';
  status: 'scheduled' | 'overflow' | 'removed';
  position: number;
  minutes: number;
}

export type RolledOverItem = Pick<AgendaItemRecord, 'patientId' | 'nhsNumber' | 'reason' | 'reasons' | 'detail' | 'position'>;
export type OwnItem = Pick<AgendaItemRecord, 'patientId' | 'nhsNumber' | 'source' | 'status' | 'position' | 'detail'>;
export type PlannedRow = PlannedItem & { status: 'scheduled' | 'overflow' };

/** The item's patient, named as AgendaItemRecord names it (the other columns already are). */
const ITEM_PATIENT = `i.patient_id AS "patientId", p.nhs_number AS "nhsNumber"`;

/**
 * mdt_agenda_items: per meeting and patient, `scheduled` (position is the order), `overflow` (rolls
 * to the next meeting first) or `removed` (taken off by hand; regeneration leaves it off).
 */
@Injectable()
export class AgendaRepository {
  /** What did not fit at `meetingId`, in order: patients still registered with the practice, living, NHS-numbered. */
  async overflowOf(em: EntityManager, meetingId: string, practiceOds: string): Promise<RolledOverItem[]> {
    return em.query(
      `SELECT ${ITEM_PATIENT}, i.reason, i.reasons, i.detail, i.position FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id
        WHERE i.meeting_id = $1 AND i.status = 'overflow' AND p.gp_practice_ods = $2 AND p.nhs_number IS NOT NULL AND p.deceased_at IS NULL
        ORDER BY i.position`,
      [meetingId, practiceOds],
    );
  }

  /** Every item of the meeting, removed ones too. */
  async itemsOf(em: EntityManager, meetingId: string): Promise<OwnItem[]> {
    return em.query(
      `SELECT ${ITEM_PATIENT}, i.source, i.status, i.position, i.detail FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id WHERE i.meeting_id = $1`,
      [meetingId],
    );
  }

  /** The agenda as shown: scheduled items then overflow, each by position (NHS number breaks ties). */
  async listed(em: EntityManager, meetingId: string): Promise<AgendaItemRecord[]> {
    return em.query(
      `SELECT ${ITEM_PATIENT}, i.reason, i.reasons, i.detail, i.source, i.status, i.position, i.minutes
         FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id
        WHERE i.meeting_id = $1 AND i.status <> 'removed' ORDER BY i.status DESC, i.position, p.nhs_number`,
      [meetingId],
    );
  }

  /** Regeneration: generated and rolled-over items go (manual and removed ones stay), then the plan is written. */
  async replaceGenerated(em: EntityManager, meetingId: string, rows: PlannedRow[], manualBy: string): Promise<void> {
    await em.query(`DELETE FROM mdt_agenda_items WHERE meeting_id = $1 AND status <> 'removed' AND source <> 'manual'`, [meetingId]);
    if (!rows.length) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(MdtAgendaItemEntity)
      .values(
        rows.map((it) => ({
          meetingId,
          patientId: it.patientId,
          reason: it.reason,
          reasons: it.reasons,
          detail: it.detail?.slice(0, 500) ?? null,
          source: it.source,
          status: it.status,
          position: it.order,
          minutes: it.minutes,
          addedBy: it.source === 'manual' ? manualBy : 'system',
        })),
      )
      .orUpdate(['reasons', 'status', 'position', 'minutes', 'updated_at'], ['meeting_id', 'patient_id'])
      .execute();
  }

  /** Puts the patient on the agenda by hand, at the end (already scheduled: keeps its place; removed or overflow: back on). */
  async addManual(em: EntityManager, i: { meetingId: string; patientId: string; detail: string | null; minutes: number; addedBy: string }): Promise<void> {
    const [{ next }]: { next: number }[] = await em.query(
      `SELECT COALESCE(MAX(position), 0) + 1 AS next FROM mdt_agenda_items WHERE meeting_id = $1 AND status = 'scheduled'`,
      [i.meetingId],
    );
    await em.query(
      `INSERT INTO mdt_agenda_items (meeting_id, patient_id, reason, reasons, detail, source, status, position, minutes, added_by)
       VALUES ($1, $2, $3, $4, $5, 'manual', 'scheduled', $6, $7, $8)
       ON CONFLICT (meeting_id, patient_id) DO UPDATE SET source = 'manual', reason = EXCLUDED.reason,
         status = 'scheduled', detail = COALESCE(EXCLUDED.detail, mdt_agenda_items.detail), added_by = EXCLUDED.added_by, updated_at = now(),
         position = CASE WHEN mdt_agenda_items.status = 'scheduled' THEN mdt_agenda_items.position ELSE EXCLUDED.position END`,
      [i.meetingId, i.patientId, MANUAL_REASON, [MANUAL_REASON], i.detail, Number(next), i.minutes, i.addedBy],
    );
  }

  /** Marks the patient's item removed; answers the patient id, or undefined when they were not on the agenda. */
  async remove(em: EntityManager, meetingId: string, nhsNumber: string): Promise<string | undefined> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [{ patient_id: string }[], number] = await em.query(
      `UPDATE mdt_agenda_items i SET status = 'removed', updated_at = now() FROM patients p
        WHERE p.id = i.patient_id AND i.meeting_id = $1 AND p.nhs_number = $2 AND i.status <> 'removed' RETURNING i.patient_id`,
      [meetingId, nhsNumber],
    );
    return rows[0]?.patient_id;
  }

  /** Closes the gaps: positions 1..n within scheduled and within overflow. */
  async renumber(em: EntityManager, meetingId: string): Promise<void> {
    await em.query(
      `UPDATE mdt_agenda_items i SET position = o.rn FROM (
         SELECT id, row_number() OVER (PARTITION BY status ORDER BY position, id) AS rn FROM mdt_agenda_items WHERE meeting_id = $1 AND status <> 'removed'
       ) o WHERE i.id = o.id`,
      [meetingId],
    );
  }

  /** The scheduled patients (any order). */
  async scheduled(em: EntityManager, meetingId: string): Promise<{ patientId: string; nhsNumber: string }[]> {
    const rows: { patient_id: string; nhs_number: string }[] = await em.query(
      `SELECT i.patient_id, p.nhs_number FROM mdt_agenda_items i JOIN patients p ON p.id = i.patient_id WHERE i.meeting_id = $1 AND i.status = 'scheduled'`,
      [meetingId],
    );
    return rows.map((r) => ({ patientId: r.patient_id, nhsNumber: r.nhs_number }));
  }

  /** Positions 1..n in the order given (patient ids of the scheduled items). */
  async reorder(em: EntityManager, meetingId: string, patientIds: string[]): Promise<void> {
    await em.query(
      `UPDATE mdt_agenda_items i SET position = o.pos, updated_at = now() FROM unnest($2::uuid[]) WITH ORDINALITY AS o(pid, pos)
        WHERE i.meeting_id = $1 AND i.patient_id = o.pid`,
      [meetingId, patientIds],
    );
  }

  async scheduledCount(em: EntityManager, meetingId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM mdt_agenda_items WHERE meeting_id = $1 AND status = 'scheduled'`, [meetingId]);
    return n;
  }
}
