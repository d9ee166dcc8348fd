import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type MdtAction, MdtOutcomeEntity } from './mdt.entities';

export type NewOutcome = Pick<
  MdtOutcomeEntity,
  'meetingId' | 'patientId' | 'discussedAt' | 'summary' | 'decisions' | 'actions' | 'carePlanAgreed' | 'episodeTransition' | 'recordedBy'
>;

/** mdt_outcomes: what an MDT decided for one patient (one per meeting and patient: uq_mdt_outcomes_meeting_patient). */
@Injectable()
export class OutcomesRepository {
  async exists(em: EntityManager, meetingId: string, patientId: string): Promise<boolean> {
    return em.exists(MdtOutcomeEntity, { where: { meetingId, patientId } });
  }

  async create(em: EntityManager, o: NewOutcome): Promise<MdtOutcomeEntity> {
    return em.save(em.create(MdtOutcomeEntity, o));
  }

  /** The actions with the tasks they became. */
  async setActions(em: EntityManager, id: string, actions: MdtAction[]): Promise<void> {
    await em.update(MdtOutcomeEntity, { id }, { actions });
  }

  async find(em: EntityManager, meetingId: string, patientId: string): Promise<MdtOutcomeEntity | null> {
    return em.findOne(MdtOutcomeEntity, { where: { meetingId, patientId } });
  }

  /** When each patient was last discussed at a meeting that was not cancelled. */
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
