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
}
