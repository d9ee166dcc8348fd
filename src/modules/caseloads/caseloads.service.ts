import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, encodeCursor } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { CLOSED_EPISODE_STATUSES } from './domain/episode-state';
import { ageOn, percentileOf, tierFor, tierShareBounds } from './domain/tiers';
import { type EpisodeHistory, inviteExclusion } from './domain/who-next';
import type { CaseloadStatusFilter } from './dto/caseload.dto';
import { assertPracticeScope } from './practice-scope';

export interface CaseloadEntry {
  rank: number;
  nhsNumber: string;
  name: string;
  age: number;
  score: number;
  model: string;
  computedAt: string;
  tier: number;
  percentile: number;
  episode: { id: string; status: string; plannedEndAt: string | null } | null;
  /** Set once MDT meetings are recorded by this service; null until then. */
  lastMdtAt: string | null;
  careCoordinator: { staffId: string | null; name: string | null; teamCode: string | null } | null;
}

export interface WhoNextEntry extends CaseloadEntry {
  lastCompletedAt: string | null;
  lastDeclinedAt: string | null;
}

interface Row {
  patient_id: string;
  /** Last MDT (not cancelled) that recorded an outcome for the patient (MdtService.lastDiscussedAt has the same rule). */
  last_mdt_at: Date | null;
  nhs_number: string;
  score: number;
  model: string;
  computed_at: Date;
  rank: string;
  n: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  pcc_staff: string | null;
  pcc_name: string | null;
  pcc_team: string | null;
  episode_id: string | null;
  episode_status: string | null;
  planned_end_at: Date | null;
  ecc_staff: string | null;
  ecc_name: string | null;
  ecc_team: string | null;
  open_episode?: boolean;
  last_completed_at?: Date | null;
  last_declined_at?: Date | null;
}

const CLOSED = CLOSED_EPISODE_STATUSES.map((s) => `'${s}'`).join(', ');
const WHO_NEXT_BATCH = 200;

/**
 * A practice's Pro-Active Care caseload and "who next". The practice's scored patients (those whose
 * latest score the practice supplied) are ranked in the database from one index-only scan, and only
 * the page asked for leaves it. Order: score descending,
 * then NHS number ascending (domain/tiers.ts); rank is the competition rank, tier by percentile.
 * Every listed patient is audited (caseload.read).
 */
@Injectable()
export class CaseloadsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  caseload(
    ctx: RequestContext,
    practiceOds: string,
    q: { tier?: number; status?: CaseloadStatusFilter; asOf?: string; model?: string; limit: number; cursor?: string },
  ): Promise<Page<CaseloadEntry> & { population: { registered: number; scored: number; unscoredInNoTier: number } }> {
    const thresholds = this.config.caseloads.tierThresholdsPercent;
    const after = decodeCursor(q.cursor, 2) as [number, string] | undefined;
    if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string')) throw badCursor();
    const bounds = q.tier === undefined ? undefined : tierShareBounds(q.tier, thresholds);
    if (bounds === null) throw new ValidationFailed('No such tier', [{ field: 'tier', message: `must be 1 to ${thresholds.length + 1}` }]);
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      await assertPracticeScope(em, ctx, practiceOds);
      const where: string[] = [];
      const params: unknown[] = [practiceOds];
      let asOf: string | undefined;
      if (q.asOf) {
        params.push(new Date(q.asOf));
        asOf = `$${params.length}`;
      }
      let model: string | undefined;
      if (q.model) {
        params.push(q.model);
        model = `$${params.length}`;
      }
      const add = (sql: (...n: string[]) => string, ...values: unknown[]) => {
        const names = values.map((v) => {
          params.push(v);
          return `$${params.length}`;
        });
        where.push(sql(...names));
      };
      if (bounds) add((a, b) => `pop.rank * 100.0 / pop.n > ${a} AND pop.rank * 100.0 / pop.n <= ${b} + 1e-9`, bounds.above, bounds.upTo);
      if (q.status === 'none') where.push('e.id IS NULL');
      else if (q.status) add((s) => `e.status = ${s}`, q.status);
      if (after) add((s, n) => `(pop.score < ${s} OR (pop.score = ${s} AND pop.nhs_number > ${n}))`, after[0], after[1]);
      params.push(q.limit + 1);
      const rows = await this.ranked(em, where, params, `$${params.length}`, false, q.status !== undefined, asOf, model);
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      await this.auditListed(em, ctx, page, practiceOds);
      const last = page[page.length - 1];
      const population = await registeredAndScored(em, practiceOds, q.model);
      return { items: page.map((r) => this.toEntry(r, now)), nextCursor: more ? encodeCursor([last.score, last.nhs_number]) : null, population };
    });
  }

  /** Who to invite next: highest risk first, skipping by the who-next rule (domain/who-next.ts). */
  whoNext(ctx: RequestContext, practiceOds: string, limit: number): Promise<{ items: WhoNextEntry[] }> {
    const now = this.clock.now();
    const rules = { completedCooldownMonths: this.config.caseloads.completedCooldownMonths, declinedCooldownMonths: this.config.caseloads.declinedCooldownMonths };
    return this.db.transaction(async (em) => {
      await assertPracticeScope(em, ctx, practiceOds);
      const chosen: Row[] = [];
      let after: [number, string] | undefined;
      // Walk down the ranking in batches until enough candidates pass the rule (or none are left).
      for (;;) {
        const params: unknown[] = [practiceOds];
        const where: string[] = [];
        if (after) {
          params.push(after[0], after[1]);
          where.push('(pop.score < $2 OR (pop.score = $2 AND pop.nhs_number > $3))');
        }
        params.push(WHO_NEXT_BATCH);
        const rows = await this.ranked(em, where, params, `$${params.length}`, true, false);
        for (const r of rows) {
          if (chosen.length >= limit) break;
          if (inviteExclusion(historyOf(r), now, rules) === null) chosen.push(r);
        }
        if (chosen.length >= limit || rows.length < WHO_NEXT_BATCH) break;
        const last = rows[rows.length - 1];
        after = [last.score, last.nhs_number];
      }
      await this.auditListed(em, ctx, chosen, practiceOds, 'proactive_care.next');
      return {
        items: chosen.map((r) => ({
          ...this.toEntry(r, now),
          lastCompletedAt: r.last_completed_at?.toISOString() ?? null,
          lastDeclinedAt: r.last_declined_at?.toISOString() ?? null,
        })),
      };
    });
  }

  /**
   * One page of the practice in caseload order. `pop` ranks the practice from an index-only scan
   * of idx_risk_latest_practice_rank (already in caseload order); `page` applies the filters and
   * the keyset and keeps `limit` rows; only those rows are joined to patients and episodes.
   */
  private ranked(
    em: EntityManager,
    where: string[],
    params: unknown[],
    limit: string,
    withHistory: boolean,
    statusFilter: boolean,
    asOf?: string,
    model?: string,
  ): Promise<Row[]> {
    // As of a past moment: each patient's newest score the practice supplied up to then, from the
    // history (idx_risk_scores_practice_run); otherwise the latest, index-only.
    const latest = asOf
      ? `(SELECT DISTINCT ON (s.patient_id) s.patient_id, p.nhs_number, s.score, s.model, s.computed_at
          FROM risk_scores s JOIN patients p ON p.id = s.patient_id
          WHERE s.practice_ods = $1 AND s.computed_at <= ${asOf} AND p.nhs_number IS NOT NULL${model ? ` AND s.model = ${model}` : ''}
          ORDER BY s.patient_id, s.computed_at DESC, s.id DESC)`
      : 'risk_latest';
    const history = withHistory ? `, h.open_episode, h.last_completed_at, h.last_declined_at` : '';
    const historyJoin = withHistory
      ? `LEFT JOIN LATERAL (
           SELECT bool_or(x.status NOT IN (${CLOSED})) AS open_episode,
                  max(x.ended_at) FILTER (WHERE x.status = 'completed') AS last_completed_at,
                  max(x.ended_at) FILTER (WHERE x.status = 'declined') AS last_declined_at
           FROM proactive_care_episodes x WHERE x.patient_id = page.patient_id) h ON true`
      : '';
    const pageEpisode = statusFilter ? `LEFT JOIN proactive_care_episodes e ON e.patient_id = pop.patient_id AND e.status NOT IN (${CLOSED})` : '';
    return em.query(
      `WITH pop AS (
         SELECT l.patient_id, l.nhs_number, l.score, l.model, l.computed_at,
                rank() OVER (ORDER BY l.score DESC) AS rank,
                -- Tiers are cut over the practice's registered (living) population: unscored patients are in no tier.
                greatest(count(*) OVER (), (SELECT count(*) FROM patients rp WHERE rp.gp_practice_ods = $1 AND rp.deceased_at IS NULL)) AS n
         FROM ${latest} l ${asOf ? '' : `WHERE l.practice_ods = $1${model ? ` AND l.model = ${model}` : ''}`}
       ), page AS (
         SELECT pop.* FROM pop ${pageEpisode}
         WHERE NOT EXISTS (SELECT 1 FROM patients d WHERE d.id = pop.patient_id AND d.deceased_at IS NOT NULL)
         ${where.length ? `AND ${where.join(' AND ')}` : ''}
         ORDER BY pop.score DESC, pop.nhs_number ASC
         LIMIT ${limit}
       )
       SELECT page.*, p.given_name, p.family_name, p.date_of_birth::text AS date_of_birth,
              p.care_coordinator_staff_id AS pcc_staff, p.care_coordinator_name AS pcc_name, p.care_coordinator_team_code AS pcc_team,
              e.id AS episode_id, e.status AS episode_status, e.planned_end_at,
              e.care_coordinator_staff_id AS ecc_staff, e.care_coordinator_name AS ecc_name, e.team_code AS ecc_team,
              (SELECT max(o.discussed_at) FROM mdt_outcomes o JOIN mdt_meetings m ON m.id = o.meeting_id
                WHERE o.patient_id = page.patient_id AND m.status <> 'cancelled') AS last_mdt_at${history}
       FROM page JOIN patients p ON p.id = page.patient_id
       LEFT JOIN proactive_care_episodes e ON e.patient_id = page.patient_id AND e.status NOT IN (${CLOSED})
       ${historyJoin}
       ORDER BY page.score DESC, page.nhs_number ASC`,
      params,
    );
  }

  private auditListed(em: EntityManager, ctx: RequestContext, rows: Row[], practiceOds: string, action = 'caseload.read') {
    return this.audit.record(
      em,
      ctx,
      rows.map((r) => ({ action, resourceType: 'caseload', resourceId: practiceOds, patient: { id: r.patient_id, nhsNumber: r.nhs_number } })),
    );
  }

  private toEntry(r: Row, now: Date): CaseloadEntry {
    const rank = Number(r.rank);
    const n = Number(r.n);
    const coordinator = r.episode_id
      ? { staffId: r.ecc_staff, name: r.ecc_name, teamCode: r.ecc_team }
      : r.pcc_team || r.pcc_staff
        ? { staffId: r.pcc_staff, name: r.pcc_name, teamCode: r.pcc_team }
        : null;
    return {
      rank,
      nhsNumber: r.nhs_number,
      name: `${r.given_name} ${r.family_name}`,
      age: ageOn(r.date_of_birth, now),
      score: r.score,
      model: r.model,
      computedAt: r.computed_at.toISOString(),
      tier: tierFor(rank, n, this.config.caseloads.tierThresholdsPercent),
      percentile: percentileOf(rank, n),
      episode: r.episode_id ? { id: r.episode_id, status: r.episode_status as string, plannedEndAt: r.planned_end_at?.toISOString() ?? null } : null,
      lastMdtAt: r.last_mdt_at?.toISOString() ?? null,
      careCoordinator: coordinator,
    };
  }
}

/** The practice's registered living population, how many have a current score, and how many none (in no tier). */
async function registeredAndScored(em: EntityManager, practiceOds: string, model: string | undefined) {
  const [r]: { registered: number; scored: number }[] = await em.query(
    `SELECT (SELECT count(*)::int FROM patients p WHERE p.gp_practice_ods = $1 AND p.deceased_at IS NULL) AS registered,
            (SELECT count(*)::int FROM risk_latest l JOIN patients p ON p.id = l.patient_id
              WHERE l.practice_ods = $1 AND p.deceased_at IS NULL AND ($2::text IS NULL OR l.model = $2)) AS scored`,
    [practiceOds, model ?? null],
  );
  return { registered: r.registered, scored: r.scored, unscoredInNoTier: Math.max(0, r.registered - r.scored) };
}

function historyOf(r: Row): EpisodeHistory {
  return { openEpisode: r.open_episode === true, lastCompletedAt: r.last_completed_at ?? null, lastDeclinedAt: r.last_declined_at ?? null };
}

function badCursor() {
  return new ValidationFailed('The cursor is not valid', [{ field: 'cursor', message: 'is not a cursor from this API' }]);
}
