import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { FieldError, NotFound, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { isUniqueViolation } from '../../database/pg-errors';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { CreateTeamDto, TeamView, UpdateTeamDto, toTeamView } from './dto/team.dto';
import { TeamExists } from './team-errors';
import { TeamEntity, TeamPracticeEntity } from './team.entity';
import { rejectNullRequired } from '../../common/validation/required-fields';

export class TeamNotFound extends NotFound {
  constructor(code: string) {
    super('TEAM_NOT_FOUND', 'Team not found', `No team with code ${code}`);
  }
}

@Injectable()
export class TeamsService {
  constructor(private readonly db: DataSource) {}

  async create(dto: CreateTeamDto): Promise<TeamView> {
    const practices = dto.alignedPracticeOds ?? [];
    try {
      await this.db.transaction(async (em) => {
        await this.checkReferences(em, dto.organisationOds, practices);
        await em.insert(TeamEntity, {
          code: dto.code,
          name: dto.name,
          type: dto.type,
          organisationOds: dto.organisationOds,
          operatingHours: dto.operatingHours,
          locality: dto.locality ?? null,
        });
        await this.setPractices(em, dto.code, practices);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new TeamExists(`Team code ${dto.code} is taken`);
      throw e;
    }
    return this.get(dto.code);
  }

  async get(code: string): Promise<TeamView> {
    const team = await this.db.getRepository(TeamEntity).findOneBy({ code });
    if (!team) throw new TeamNotFound(code);
    const practices = await this.db.getRepository(TeamPracticeEntity).findBy({ teamCode: code });
    return toTeamView(
      team,
      practices.map((p) => p.practiceOds),
    );
  }

  /** Ordered by team code. */
  async list(q: { type?: string; practice?: string; locality?: string; limit: number; cursor?: string }): Promise<Page<TeamView>> {
    const after = decodeCursor(q.cursor, 1) as [string] | undefined;
    const qb = this.db.getRepository(TeamEntity).createQueryBuilder('t').orderBy('t.code', 'ASC').limit(q.limit + 1);
    if (q.type) qb.andWhere('t.type = :type', { type: q.type });
    if (q.locality) qb.andWhere('t.locality = :locality', { locality: q.locality });
    if (q.practice) {
      qb.andWhere('EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code AND tp.practice_ods = :practice)', {
        practice: q.practice,
      });
    }
    if (after) qb.andWhere('t.code > :after', { after: after[0] });
    const rows = await qb.getMany();
    const codes = rows.map((t) => t.code);
    const links = codes.length ? await this.db.getRepository(TeamPracticeEntity).findBy({ teamCode: In(codes) }) : [];
    return toPage(
      rows,
      q.limit,
      (t) => [t.code],
      (t) =>
        toTeamView(
          t,
          links.filter((l) => l.teamCode === t.code).map((l) => l.practiceOds),
        ),
    );
  }

  async update(code: string, dto: UpdateTeamDto): Promise<TeamView> {
    rejectNullRequired(dto, ['name', 'type', 'organisationOds', 'operatingHours', 'alignedPracticeOds']);
    await this.db.transaction(async (em) => {
      const team = await em.findOne(TeamEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!team) throw new TeamNotFound(code);
      await this.checkReferences(em, dto.organisationOds, dto.alignedPracticeOds ?? []);
      const { alignedPracticeOds, ...fields } = dto;
      Object.assign(team, fields);
      await em.save(team);
      if (alignedPracticeOds) {
        await em.delete(TeamPracticeEntity, { teamCode: code });
        await this.setPractices(em, code, alignedPracticeOds);
      }
    });
    return this.get(code);
  }

  private async setPractices(em: EntityManager, teamCode: string, practices: string[]): Promise<void> {
    if (practices.length) await em.insert(TeamPracticeEntity, practices.map((practiceOds) => ({ teamCode, practiceOds })));
  }

  private async checkReferences(em: EntityManager, organisationOds: string | undefined, practices: string[]): Promise<void> {
    const wanted = [...new Set([...(organisationOds ? [organisationOds] : []), ...practices])];
    if (wanted.length === 0) return;
    const found = await em.findBy(OrganisationEntity, { odsCode: In(wanted) });
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
