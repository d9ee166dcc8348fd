import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { TeamEntity } from '../teams/team.entity';
import type { SearchTerms } from './domain/search-terms';
import { PatientEntity } from './patient.entity';

/** The patients capability's writes to `patients`, its search, and the reference data a record points at. */
/** The teams aligned to the patient's registered practice (`$2`): the practice-alignment relationship. */
export const TEAMS_ALIGNED_TO_PATIENT_PRACTICE = 'SELECT team_code FROM team_practices WHERE practice_ods = $2';

@Injectable()
export class PatientsRepository {
  /** Inserts the record unless one has this NHS number already; true when this call created it. */
  async insertIfAbsent(em: EntityManager, nhsNumber: string, fields: Partial<PatientEntity>): Promise<boolean> {
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(PatientEntity)
      .values({ ...fields, nhsNumber, version: 1 })
      .orIgnore()
      .returning(['id'])
      .execute();
    return inserted.raw.length === 1;
  }

  /** Saves a changed record (its version moves on). */
  save(em: EntityManager, patient: PatientEntity): Promise<PatientEntity> {
    return em.save(patient);
  }

  /** By NHS number, or family name + date of birth; ordered by family name, given name, id, after the keyset `after`. */
  /** Found by the terms, only among the practice's registered patients when `practiceOds` is given. */
  search(em: EntityManager, terms: SearchTerms, practiceOds: string | null, after: [string, string, string] | undefined, limit: number): Promise<PatientEntity[]> {
    const qb = em
      .getRepository(PatientEntity)
      .createQueryBuilder('p')
      .orderBy('lower(p.family_name)', 'ASC')
      .addOrderBy('lower(p.given_name)', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit);
    if (terms.kind === 'nhs') qb.where('p.nhs_number = :nhs', { nhs: terms.nhsNumber });
    else qb.where('lower(p.family_name) = lower(:family) AND p.date_of_birth = :dob', { family: terms.familyName, dob: terms.dateOfBirth });
    if (practiceOds !== null) qb.andWhere('p.gp_practice_ods = :practiceOds', { practiceOds });
    if (after) {
      qb.andWhere('(lower(p.family_name), lower(p.given_name), p.id) > (:a0, :a1, :a2::uuid)', { a0: after[0], a1: after[1], a2: after[2] });
    }
    return qb.getMany();
  }

  /** The organisation's type (e.g. gp_practice), or null when there is no such organisation. */
  async organisationType(em: EntityManager, odsCode: string): Promise<string | null> {
    return (await em.findOneBy(OrganisationEntity, { odsCode }))?.type ?? null;
  }

  teamExists(em: EntityManager, code: string): Promise<boolean> {
    return em.existsBy(TeamEntity, { code });
  }
}
