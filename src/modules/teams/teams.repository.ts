import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import type { OperatingHours } from './domain/operating-hours';
import { TeamEntity, TeamPracticeEntity, type TeamType } from './team.entity';

export interface NewTeam {
  code: string;
  name: string;
  type: TeamType;
  organisationOds: string;
  operatingHours: OperatingHours;
  locality: string | null;
}

export interface TeamFilter {
  type?: string;
  practice?: string;
  locality?: string;
  /** Keyset: team codes after this one. */
  after?: string;
  limit: number;
}

/** A team as routing and validation elsewhere need it: its code and type. */
export interface TeamKind {
  code: string;
  type: TeamType;
}

/** Teams and the practices they are aligned to: reference data other modules read through here or in joins. */
@Injectable()
export class TeamsRepository {
  async insert(em: EntityManager, team: NewTeam): Promise<void> {
    await em.insert(TeamEntity, team);
  }

  byCode(em: EntityManager, code: string): Promise<TeamEntity | null> {
    return em.getRepository(TeamEntity).findOneBy({ code });
  }

  /** The team's code and type, or null when there is no such team. */
  async kind(em: EntityManager, code: string): Promise<TeamKind | null> {
    const rows: TeamKind[] = await em.query('SELECT code, type FROM teams WHERE code = $1', [code]);
    return rows[0] ?? null;
  }

  /** Takes the team's row lock (for a read-modify-write). */
  lock(em: EntityManager, code: string): Promise<TeamEntity | null> {
    return em.findOne(TeamEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  async save(em: EntityManager, team: TeamEntity): Promise<void> {
    await em.save(team);
  }

  /** Ordered by team code: `limit` teams after `after`. */
  list(em: EntityManager, f: TeamFilter): Promise<TeamEntity[]> {
    const qb = em.getRepository(TeamEntity).createQueryBuilder('t').orderBy('t.code', 'ASC').limit(f.limit);
    if (f.type) qb.andWhere('t.type = :type', { type: f.type });
    if (f.locality) qb.andWhere('t.locality = :locality', { locality: f.locality });
    if (f.practice) {
      qb.andWhere('EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code AND tp.practice_ods = :practice)', {
        practice: f.practice,
      });
    }
    if (f.after) qb.andWhere('t.code > :after', { after: f.after });
    return qb.getMany();
  }

  /** The practices aligned to each of these teams (teams without any are absent). */
  async practicesOf(em: EntityManager, teamCodes: string[]): Promise<Map<string, string[]>> {
    const links = teamCodes.length ? await em.getRepository(TeamPracticeEntity).findBy({ teamCode: In(teamCodes) }) : [];
    const out = new Map<string, string[]>();
    for (const l of links) out.set(l.teamCode, [...(out.get(l.teamCode) ?? []), l.practiceOds]);
    return out;
  }

  /** Replaces the team's aligned practices. */
  async replacePractices(em: EntityManager, teamCode: string, practices: string[]): Promise<void> {
    await em.delete(TeamPracticeEntity, { teamCode });
    await this.addPractices(em, teamCode, practices);
  }

  async addPractices(em: EntityManager, teamCode: string, practices: string[]): Promise<void> {
    if (practices.length) await em.insert(TeamPracticeEntity, practices.map((practiceOds) => ({ teamCode, practiceOds })));
  }
}
