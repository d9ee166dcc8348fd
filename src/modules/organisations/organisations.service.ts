import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { writeTransaction } from '../../database/write-transaction';
import { CreateOrganisationDto, OrganisationView, UpdateOrganisationDto, toOrganisationView } from './dto/organisation.dto';
import { OrganisationExists, OrganisationNotFound } from './organisation-errors';
import { OrganisationsRepository } from './organisations.repository';
import { rejectNullRequired } from '../../common/validation/required-fields';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: OrganisationsRepository,
  ) {}

  async create(dto: CreateOrganisationDto): Promise<OrganisationView> {
    await writeTransaction(this.db, (em) => this.repo.insert(em, { ...dto, locality: dto.locality ?? null }), {
      constraints: { unique_violation: () => new OrganisationExists(`ODS code ${dto.odsCode} is taken`) },
    });
    return this.get(dto.odsCode);
  }

  async get(ods: string): Promise<OrganisationView> {
    const o = await this.repo.byCode(this.db.manager, ods);
    if (!o) throw new OrganisationNotFound(ods);
    return toOrganisationView(o);
  }

  async list(q: { type?: string; locality?: string; limit: number; cursor?: string }): Promise<Page<OrganisationView>> {
    const after = decodeCursor(q.cursor, ['text']);
    const rows = await this.repo.list(this.db.manager, { type: q.type, locality: q.locality, after: after?.[0], limit: q.limit + 1 });
    return toPage(rows, q.limit, (o) => [o.odsCode], toOrganisationView);
  }

  async update(ods: string, dto: UpdateOrganisationDto): Promise<OrganisationView> {
    rejectNullRequired(dto, ['name', 'type']);
    return this.db.transaction(async (em) => {
      const o = await this.repo.lock(em, ods);
      if (!o) throw new OrganisationNotFound(ods);
      Object.assign(o, dto);
      return toOrganisationView(await this.repo.save(em, o));
    });
  }
}
