import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, encodeCursor } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { MdtForCaseloadsRepository } from '../mdt/for-caseloads.repository';
import { CaseloadsRepository, type RankedPatient } from './caseloads.repository';
import { ageOn, percentileOf, tierFor, tierShareBounds } from './domain/tiers';
import { inviteExclusion } from './domain/who-next';
import type { CaseloadStatusFilter } from './dto/caseload.dto';
import { PracticeScope } from './practice-scope';

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
  /** Last MDT (not cancelled) that recorded an outcome for the patient; null until then. */
  lastMdtAt: string | null;
  careCoordinator: { staffId: string | null; name: string | null; teamCode: string | null } | null;
}

export interface WhoNextEntry extends CaseloadEntry {
  lastCompletedAt: string | null;
  lastDeclinedAt: string | null;
}

/**
 * Who-next reads the ranking in batches: twice what was asked at first (most of the top pass the
 * rule, and each row read carries the patient's details), doubling up to this many while too
 * few pass.
 */
const WHO_NEXT_BATCH = 200;

/**
 * A practice's Pro-Active Care caseload and "who next". The practice's scored patients (those whose
 * latest score the practice supplied) are ranked in the database from one index-only scan, and only
 * the page asked for leaves it (CaseloadsRepository). Order: score descending,
 * then NHS number ascending (domain/tiers.ts); rank is the competition rank, tier by percentile.
 * Every listed patient is audited (caseload.read).
 */
@Injectable()
export class CaseloadsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly caseloads: CaseloadsRepository,
    private readonly mdt: MdtForCaseloadsRepository,
    private readonly scope: PracticeScope,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  caseload(
    ctx: RequestContext,
    practiceOds: string,
    q: { tier?: number; status?: CaseloadStatusFilter; asOf?: string; model?: string; limit: number; cursor?: string },
  ): Promise<Page<CaseloadEntry> & { population: { registered: number; scored: number; unscoredInNoTier: number } }> {
    const thresholds = this.config.caseloads.tierThresholdsPercent;
    const after = decodeCursor(q.cursor, ['number', 'text']);
    const bounds = q.tier === undefined ? undefined : tierShareBounds(q.tier, thresholds);
    if (bounds === null) throw new ValidationFailed('No such tier', [{ field: 'tier', message: `must be 1 to ${thresholds.length + 1}` }]);
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      await this.scope.assert(em, ctx, practiceOds);
      const { rows, registered, scored } = await this.caseloads.page(em, {
        practiceOds,
        model: q.model,
        asOf: q.asOf ? new Date(q.asOf) : undefined,
        tier: bounds,
        episodeStatus: q.status,
        after,
        limit: q.limit + 1,
      });
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      const lastMdt = await this.mdt.lastDiscussedAt(em, page.map((r) => r.patientId));
      await this.auditListed(em, ctx, page, practiceOds);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => this.toEntry(r, lastMdt, now)),
        nextCursor: more ? encodeCursor([last.score, last.nhsNumber]) : null,
        population: { registered, scored, unscoredInNoTier: Math.max(0, registered - scored) },
      };
    });
  }

  /** Who to invite next: highest risk first, skipping by the who-next rule (domain/who-next.ts). */
  whoNext(ctx: RequestContext, practiceOds: string, limit: number): Promise<{ items: WhoNextEntry[] }> {
    const now = this.clock.now();
    const rules = { completedCooldownMonths: this.config.caseloads.completedCooldownMonths, declinedCooldownMonths: this.config.caseloads.declinedCooldownMonths };
    return this.db.transaction(async (em) => {
      await this.scope.assert(em, ctx, practiceOds);
      const chosen: RankedPatient[] = [];
      let after: [number, string] | undefined;
      let population: number | undefined;
      let batch = Math.min(WHO_NEXT_BATCH, limit * 2);
      // Walk down the ranking in batches until enough candidates pass the rule (or none are left).
      for (;; batch = Math.min(WHO_NEXT_BATCH, batch * 2)) {
        const rows = await this.caseloads.whoNextBatch(em, practiceOds, after, batch, population);
        population ??= rows[0]?.population;
        for (const r of rows) {
          if (chosen.length >= limit) break;
          if (inviteExclusion(r.history as NonNullable<RankedPatient['history']>, now, rules) === null) chosen.push(r);
        }
        if (chosen.length >= limit || rows.length < batch) break;
        const last = rows[rows.length - 1];
        after = [last.score, last.nhsNumber];
      }
      const lastMdt = await this.mdt.lastDiscussedAt(em, chosen.map((r) => r.patientId));
      await this.auditListed(em, ctx, chosen, practiceOds, 'proactive_care.next');
      return {
        items: chosen.map((r) => ({
          ...this.toEntry(r, lastMdt, now),
          lastCompletedAt: r.history?.lastCompletedAt?.toISOString() ?? null,
          lastDeclinedAt: r.history?.lastDeclinedAt?.toISOString() ?? null,
        })),
      };
    });
  }

  private auditListed(em: EntityManager, ctx: RequestContext, rows: RankedPatient[], practiceOds: string, action = 'caseload.read') {
    return this.audit.record(
      em,
      ctx,
      rows.map((r) => ({ action, resourceType: 'caseload', resourceId: practiceOds, patient: { id: r.patientId, nhsNumber: r.nhsNumber } })),
    );
  }

  private toEntry(r: RankedPatient, lastMdt: Map<string, Date>, now: Date): CaseloadEntry {
    const coordinator = r.episode
      ? r.episode.coordinator
      : r.recordCoordinator.teamCode || r.recordCoordinator.staffId
        ? r.recordCoordinator
        : null;
    return {
      rank: r.rank,
      nhsNumber: r.nhsNumber,
      name: `${r.givenName} ${r.familyName}`,
      age: ageOn(r.dateOfBirth, now),
      score: r.score,
      model: r.model,
      computedAt: r.computedAt.toISOString(),
      tier: tierFor(r.rank, r.population, this.config.caseloads.tierThresholdsPercent),
      percentile: percentileOf(r.rank, r.population),
      episode: r.episode ? { id: r.episode.id, status: r.episode.status, plannedEndAt: r.episode.plannedEndAt?.toISOString() ?? null } : null,
      lastMdtAt: lastMdt.get(r.patientId)?.toISOString() ?? null,
      careCoordinator: coordinator,
    };
  }
}
