import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFound } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { isUniqueViolation } from '../../database/pg-errors';
import { CreateOrganisationDto, OrganisationView, UpdateOrganisationDto, toOrganisationView } from './dto/organisation.dto';
import { OrganisationExists } from './organisation-errors';
import { OrganisationEntity } from './organisation.entity';
import { rejectNullRequired } from '../../common/validation/required-fields';

export class OrganisationNotFound extends NotFound {
  constructor(ods: string) {
    super('ORGANISATION_NOT_FOUND', 'Organisation not found', `No organisation with ODS code ${ods}`);
  }
}

@Injectable()
export class OrganisationsService {
  constructor(private readonly db: DataSource) {}

  async create(dto: CreateOrganisationDto): Promise<OrganisationView> {
    try {
      await this.db.getRepository(OrganisationEntity).insert({ ...dto, locality: dto.locality ?? null });
    } catch (e) {
      if (isUniqueViolation(e)) throw new OrganisationExists(`ODS code ${dto.odsCode} is taken`);
      throw e;
    }
    return this.get(dto.odsCode);
  }

  async get(ods: string): Promise<OrganisationView> {
    const o = await this.db.getRepository(OrganisationEntity).findOneBy({ odsCode: ods });
    if (!o) throw new OrganisationNotFound(ods);
    return toOrganisationView(o);
  }

  async list(q: { type?: string; locality?: string; limit: number; cursor?: string }): Promise<Page<OrganisationView>> {
    const after = decodeCursor(q.cursor, 1) as [string] | undefined;
    const qb = this.db.getRepository(OrganisationEntity).createQueryBuilder('o').orderBy('o.ods_code', 'ASC').limit(q.limit + 1);
    if (q.type) qb.andWhere('o.type = :type', { type: q.type });
    if (q.locality) qb.andWhere('o.locality = :locality', { locality: q.locality });
    if (after) qb.andWhere('o.ods_code > :after', { after: after[0] });
    const rows = await qb.getMany();
    return toPage(rows, q.limit, (o) => [o.odsCode], toOrganisationView);
  }

  async update(ods: string, dto: UpdateOrganisationDto): Promise<OrganisationView> {
    rejectNullRequired(dto, ['name', 'type']);
    return this.db.transaction(async (em) => {
      const o = await em.findOne(OrganisationEntity, { where: { odsCode: ods }, lock: { mode: 'pessimistic_write' } });
      if (!o) throw new OrganisationNotFound(ods);
      Object.assign(o, dto);
      return toOrganisationView(await em.save(o));
    });
  }
}
