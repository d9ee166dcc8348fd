import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FieldError, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { TeamExists, TeamNotFound } from './team-errors';
import { rejectNullRequired } from '../../common/validation/required-fields';
import { writeTransaction } from '../../database/write-transaction';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { CreateTeamDto, TeamView, UpdateTeamDto, toTeamView } from './dto/team.dto';
import { TeamsRepository } from './teams.repository';

@Injectable()
export class TeamsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: TeamsRepository,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async create(dto: CreateTeamDto): Promise<TeamView> {
    const practices = dto.alignedPracticeOds ?? [];
    await writeTransaction(
      this.db,
      async (em) => {
        await this.checkReferences(em, dto.organisationOds, practices);
        await this.repo.insert(em, {
          code: dto.code,
          name: dto.name,
          type: dto.type,
          organisationOds: dto.organisationOds,
          operatingHours: dto.operatingHours,
          locality: dto.locality ?? null,
        });
        await this.repo.addPractices(em, dto.code, practices);
      },
      { constraints: { unique_violation: () => new TeamExists(`Team code ${dto.code} is taken`) } },
    );
    return this.get(dto.code);
  }

  async get(code: string): Promise<TeamView> {
    const em = this.db.manager;
    const team = await this.repo.byCode(em, code);
    if (!team) throw new TeamNotFound(code);
    const practices = await this.repo.practicesOf(em, [code]);
    return toTeamView(team, practices.get(code) ?? []);
  }

  /** Ordered by team code. */
  async list(q: { type?: string; practice?: string; locality?: string; limit: number; cursor?: string }): Promise<Page<TeamView>> {
    const after = decodeCursor(q.cursor, ['text']);
    const em = this.db.manager;
    const rows = await this.repo.list(em, { type: q.type, practice: q.practice, locality: q.locality, after: after?.[0], limit: q.limit + 1 });
    const practices = await this.repo.practicesOf(
      em,
      rows.map((t) => t.code),
    );
    return toPage(
      rows,
      q.limit,
      (t) => [t.code],
      (t) => toTeamView(t, practices.get(t.code) ?? []),
    );
  }

  async update(code: string, dto: UpdateTeamDto): Promise<TeamView> {
    rejectNullRequired(dto, ['name', 'type', 'organisationOds', 'operatingHours', 'alignedPracticeOds']);
    await this.db.transaction(async (em) => {
      const team = await this.repo.lock(em, code);
      if (!team) throw new TeamNotFound(code);
      await this.checkReferences(em, dto.organisationOds, dto.alignedPracticeOds ?? []);
      const { alignedPracticeOds, ...fields } = dto;
      Object.assign(team, fields);
      await this.repo.save(em, team);
      if (alignedPracticeOds) await this.repo.replacePractices(em, code, alignedPracticeOds);
    });
    return this.get(code);
  }

  private async checkReferences(em: EntityManager, organisationOds: string | undefined, practices: string[]): Promise<void> {
    const wanted = [...new Set([...(organisationOds ? [organisationOds] : []), ...practices])];
    if (wanted.length === 0) return;
    const found = await this.organisations.byCodes(em, wanted);
    const byCode = new Map(found.map((o) => [o.odsCode, o]));
    const errors: FieldError[] = [];
    if (organisationOds && !byCode.has(organisationOds)) errors.push({ field: 'organisationOds', message: 'is not a known organisation' });
    practices.forEach((ods, i) => {
      const o = byCode.get(ods);
      if (!o) errors.push({ field: `alignedPracticeOds.${i}`, message: 'is not a known organisation' });
      else if (o.type !== 'gp_practice') errors.push({ field: `alignedPracticeOds.${i}`, message: 'is not a GP practice' });
    });
    if (errors.length) throw new ValidationFailed('The team refers to unknown organisations', errors);
  }
}
