import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What the caseloads capability reads of MDT meetings: when each patient was last discussed. The
 * MDT module owns `mdt_outcomes` and `mdt_meetings`; this is its read for the caseload and
 * who-next lists (one statement per page, never one per patient).
 */
@Injectable()
export class MdtForCaseloadsRepository {
  /** Per patient: the last MDT (not cancelled) that recorded an outcome for them; patients never discussed are absent. */
  async lastDiscussedAt(em: EntityManager, patientIds: string[]): Promise<Map<string, Date>> {
    if (!patientIds.length) return new Map();
    const rows: { patient_id: string; at: Date }[] = await em.query(
      `SELECT o.patient_id, max(o.discussed_at) AS at FROM mdt_outcomes o JOIN mdt_meetings m ON m.id = o.meeting_id
        WHERE o.patient_id = ANY($1::uuid[]) AND m.status <> 'cancelled' GROUP BY o.patient_id`,
      [patientIds],
    );
    return new Map(rows.map((r) => [r.patient_id, r.at]));
  }
}
