import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MdtSeriesEntity } from './mdt.entities';

export type NewSeries = Pick<
  MdtSeriesEntity,
  'practiceOds' | 'teamCode' | 'recurrence' | 'startTime' | 'timezone' | 'firstDate' | 'durationMinutes' | 'minutesPerPatient' | 'coreRoles' | 'createdBy'
>;

/** mdt_series: the recurring pattern a practice's meetings are generated from (the meetings are in MeetingsRepository). */
@Injectable()
export class SeriesRepository {
  async create(em: EntityManager, s: NewSeries): Promise<MdtSeriesEntity> {
    return em.save(em.create(MdtSeriesEntity, s));
  }

  /** The series; `lock` holds it (FOR UPDATE) while its meetings are generated. */
  async find(em: EntityManager, id: string, lock = false): Promise<MdtSeriesEntity | null> {
    return em.findOne(MdtSeriesEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }
}
