import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PatientEntity } from './patient.entity';

/** Demographics a referral brings for a patient the service may not know yet. */
export type ReferredPatient = Pick<
  PatientEntity,
  'givenName' | 'familyName' | 'dateOfBirth' | 'sex' | 'address' | 'phone' | 'gpPracticeOds' | 'careHomeResident' | 'livesAlone' | 'nhsNumberStatus' | 'version'
>;

/**
 * The patients module's reads and writes for referrals (intake and the patient gate): the patients
 * table is written only by its owner, so referrals come here to add the patient a referral names.
 */
@Injectable()
export class PatientsForReferralsRepository {
  /** A new patient without an NHS number, to be traced (the trace job takes it from `traceFrom`). */
  async createUntraced(em: EntityManager, patient: Partial<ReferredPatient>, traceFrom: Date): Promise<PatientEntity> {
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(PatientEntity)
      .values({ ...patient, nhsNumber: null, needsTracing: true, nhsNumberStatus: '03', traceNextAt: traceFrom })
      .returning(['id'])
      .execute();
    return em.findOneByOrFail(PatientEntity, { id: inserted.raw[0].id });
  }

  /** Adds the patient with this NHS number unless one is already known (then nothing changes). */
  async addIfUnknown(em: EntityManager, nhsNumber: string, patient: ReferredPatient): Promise<void> {
    await em.createQueryBuilder().insert().into(PatientEntity).values({ ...patient, nhsNumber }).orIgnore().execute();
  }

  /** The patient with this NHS number, row locked (serialises what is decided per patient), or null. */
  lockByNhsNumber(em: EntityManager, nhsNumber: string): Promise<PatientEntity | null> {
    return em.findOne(PatientEntity, { where: { nhsNumber }, lock: { mode: 'pessimistic_write' } });
  }

  byId(em: EntityManager, id: string): Promise<PatientEntity> {
    return em.findOneByOrFail(PatientEntity, { id });
  }
}
