import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

export interface NewOrganisation {
  odsCode: string;
  name: string;
  type: OrganisationEntity['type'];
  locality: string | null;
}

export interface OrganisationFilter {
  type?: string;
  locality?: string;
  /** Keyset: ODS codes after this one. */
  after?: string;
  limit: number;
}

/** The organisations table: reference data other modules read through here (by code) or in joins. */
@Injectable()
export class OrganisationsRepository {
  async insert(em: EntityManager, organisation: NewOrganisation): Promise<void> {
    await em.getRepository(OrganisationEntity).insert(organisation);
  }

  byCode(em: EntityManager, odsCode: string): Promise<OrganisationEntity | null> {
    return em.getRepository(OrganisationEntity).findOneBy({ odsCode });
  }

  /** The ones of these codes that exist (any order). */
  byCodes(em: EntityManager, odsCodes: string[]): Promise<OrganisationEntity[]> {
    return em.findBy(OrganisationEntity, { odsCode: In(odsCodes) });
  }

  /** Takes the organisation's row lock (for a read-modify-write). */
  lock(em: EntityManager, odsCode: string): Promise<OrganisationEntity | null> {
    return em.findOne(OrganisationEntity, { where: { odsCode }, lock: { mode: 'pessimistic_write' } });
  }

  save(em: EntityManager, organisation: OrganisationEntity): Promise<OrganisationEntity> {
    return em.save(organisation);
  }

  /** Ordered by ODS code: `limit` rows after `after`. */
  list(em: EntityManager, f: OrganisationFilter): Promise<OrganisationEntity[]> {
    const qb = em.getRepository(OrganisationEntity).createQueryBuilder('o').orderBy('o.ods_code', 'ASC').limit(f.limit);
    if (f.type) qb.andWhere('o.type = :type', { type: f.type });
    if (f.locality) qb.andWhere('o.locality = :locality', { locality: f.locality });
    if (f.after) qb.andWhere('o.ods_code > :after', { after: f.after });
    return qb.getMany();
  }
}
