import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Address, PatientEntity } from './patient.entity';

/** A patient a hospital feed (HL7 PID, FHIR Patient) names and we do not hold yet. */
export interface FeedPatient {
  nhsNumber: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: PatientEntity['sex'];
  address: Address | null;
}

/** The patients owner's reads and writes for the hospital feeds (integrations): find a patient, or take one on. */
@Injectable()
export class PatientsForIntegrationsRepository {
  byNhsNumber(em: EntityManager, nhsNumber: string): Promise<PatientEntity | null> {
    return em.findOne(PatientEntity, { where: { nhsNumber } });
  }

  /** The record just taken on (or taken on concurrently by another message): it exists by now. */
  mustFind(em: EntityManager, nhsNumber: string): Promise<PatientEntity> {
    return em.findOneOrFail(PatientEntity, { where: { nhsNumber } });
  }

  /** Creates the record unless one with this NHS number exists already (a concurrent message may have taken it on). */
  async insertIfAbsent(em: EntityManager, p: FeedPatient): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(PatientEntity)
      .values({ ...p, version: 1 })
      .orIgnore()
      .execute();
  }
}
