import { createHash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService, auditActor } from '../../common/audit/audit.service';
import { auditEachParams } from '../../common/audit/for-caseloads.repository';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ImportNotFound } from './caseload-errors';
import { MAX_REJECTIONS_LISTED, RejectionList, type RowRejection, checkRow, isRejection, stagedLine, storedRejectionMessage } from './domain/import-rows';
import { BUILT_IN_MODEL, type FactorPoints, scoreFactors } from './domain/risk-model';
import { percentileOf, tierFor } from './domain/tiers';
import type { ImportTarget, RiskAssessmentDto } from './dto/caseload.dto';
import { PracticeScope } from './practice-scope';
import { type CsvUpload, readRiskCsv } from './risk-csv.reader';
import { RiskScoresRepository } from './risk-scores.repository';

export interface ImportResult {
  importId: string;
  accepted: number;
  /** The first MAX_REJECTIONS_LISTED rejected rows, by row. */
  rejected: RowRejection[];
  /** Every rejected row, listed or not. */
  rejectedCount: number;
  /** True when this exact import was received before: nothing changed. */
  replayed: boolean;
}

export interface AssessmentResult {
  nhsNumber: string;
  score: number;
  tier: number | null;
  percentile: number | null;
  rank: number | null;
  /** Patients of the practice whose latest score is from the built-in model (the percentile's population). */
  population: number;
  factors: FactorPoints[];
  model: { name: string; version: string };
  computedAt: string;
}

export interface RiskScoreView {
  model: string;
  modelVersion: string | null;
  computedAt: string;
  score: number;
  practiceOds: string;
  factors: unknown;
  importId: string | null;
}

/** What reading an import's body gave: the content hash (its idempotency key) and the rows it rejected itself. */
interface Staged {
  contentHash: string;
  rejected: RejectionList;
}

/**
 * Risk stratification scores: imports (JSON or CSV) and the built-in transparent model. Every
 * score is kept with its model and run date (risk_scores); risk_latest follows the newest run of
 * each patient for the caseload.
 *
 * An import's checked rows are staged in a temporary table of its transaction (CSV streamed from
 * the request through csv-parse into COPY, JSON from the parsed body), then stored, de-duplicated,
 * moved into the latest scores and audited per patient by one set-based statement: memory stays
 * flat whatever the file's length, and it is all or nothing.
 */
@Injectable()
export class RiskScoresService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly scores: RiskScoresRepository,
    private readonly scope: PracticeScope,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  importJson(ctx: RequestContext, target: ImportTarget, rows: unknown[]): Promise<ImportResult> {
    return this.runImport(ctx, target, 'json', async (openSink) => {
      const rejected = new RejectionList();
      const lines = function* () {
        let chunk = '';
        for (let i = 0; i < rows.length; i++) {
          const checked = checkRow(i + 1, rows[i]);
          if (isRejection(checked)) rejected.add(checked);
          else chunk += stagedLine(checked);
          if (chunk.length >= 65_536) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      };
      await pipeline(Readable.from(lines(), { objectMode: false }), openSink());
      return { contentHash: contentHash('json', JSON.stringify(rows)), rejected };
    });
  }

  /**
   * CSV with a header row, streamed from the request (never buffered whole); `row` in rejections is
   * the file's line number (the header is line 1).
   */
  importCsv(ctx: RequestContext, target: ImportTarget, upload: CsvUpload): Promise<ImportResult> {
    return this.runImport(ctx, target, 'csv', (openSink) => readRiskCsv(upload, this.config.caseloads.riskImportLimitBytes, openSink));
  }

  private async runImport(ctx: RequestContext, target: ImportTarget, format: string, stage: (openSink: () => Writable) => Promise<Staged>): Promise<ImportResult> {
    const computedAt = new Date(target.computedAt);
    const now = this.clock.now();
    if (Number.isNaN(computedAt.getTime())) throw new ValidationFailed('computedAt is not a real time', [{ field: 'computedAt', message: 'is not a real time' }]);
    if (computedAt.getTime() > now.getTime() + 24 * 3_600_000) {
      throw new ValidationFailed('computedAt is in the future', [{ field: 'computedAt', message: 'is in the future' }]);
    }
    return this.db.transaction(async (em) => {
      await this.scope.assert(em, ctx, target.practiceOds, 'import');
      await this.scores.createStaging(em);
      const { contentHash: hash, rejected } = await stage(() => this.scores.stagingWriter(em));
      // The unique content hash makes a re-sent import one row: a concurrent duplicate waits for
      // the first to commit and then finds it (its staged rows go with its transaction).
      const key = { practiceOds: target.practiceOds, model: target.model, computedAt, contentHash: hash };
      const importId = await this.scores.claimImport(em, key, format, ctx.principal.sub);
      if (!importId) {
        const prior = await this.scores.priorImport(em, key);
        await this.audit.record(em, ctx, { action: 'risk_score.import_replayed', resourceType: 'risk_score_import', resourceId: prior.id });
        return { importId: prior.id, accepted: prior.accepted, rejected: prior.rejected, rejectedCount: prior.rejectedCount, replayed: true };
      }
      const outcome = await this.scores.storeStaged(
        em,
        auditEachParams(auditActor(ctx), { action: 'risk_score.import', resourceType: 'risk_score_import', resourceId: importId }),
        { practiceOds: target.practiceOds, model: target.model, modelVersion: target.modelVersion ?? null, computedAt, importId, createdBy: ctx.principal.sub },
        MAX_REJECTIONS_LISTED,
      );
      rejected.merge(
        outcome.refused.map((r) => ({ ...r, message: storedRejectionMessage(r.code, target.practiceOds) })),
        outcome.refusedCount,
      );
      const listed = rejected.listed;
      await this.scores.finishImport(em, importId, outcome.accepted, listed, rejected.count);
      return { importId, accepted: outcome.accepted, rejected: listed, rejectedCount: rejected.count, replayed: false };
    });
  }

  async getImport(ctx: RequestContext, id: string): Promise<ImportResult & { practiceOds: string; model: string; computedAt: string; createdAt: string }> {
    return this.db.transaction(async (em) => {
      const row = await this.scores.importById(em, id);
      if (!row) throw new ImportNotFound();
      try {
        await this.scope.assert(em, ctx, row.practiceOds, 'import');
      } catch (e) {
        if (e instanceof Forbidden) throw new ImportNotFound();
        throw e;
      }
      return {
        importId: row.id,
        practiceOds: row.practiceOds,
        model: row.model,
        computedAt: row.computedAt.toISOString(),
        accepted: row.accepted,
        rejected: row.rejected,
        rejectedCount: row.rejectedCount,
        replayed: false,
        createdAt: row.createdAt.toISOString(),
      };
    });
  }

  /** Score a patient with the built-in model, keep it in the history, and place it in the practice. */
  assess(ctx: RequestContext, nhsNumber: string, dto: RiskAssessmentDto): Promise<AssessmentResult> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'risk_assessment.create', resourceType: 'risk_score' }, { lock: true });
      if (!patient.gpPracticeOds) {
        throw new ValidationFailed('The patient has no GP practice to rank them in', [{ field: 'nhsNumber', message: 'the patient has no registered GP practice' }]);
      }
      const { score, factors } = scoreFactors(dto);
      await this.scores.store(em, {
        patientIds: [patient.id],
        nhsNumbers: [nhsNumber],
        scores: [score],
        factors: [JSON.stringify(factors)],
        practiceOds: patient.gpPracticeOds,
        model: BUILT_IN_MODEL.name,
        modelVersion: BUILT_IN_MODEL.version,
        computedAt: now,
        importId: null,
        createdBy: ctx.principal.sub,
      });
      // The percentile is a rank among the practice's patients whose latest score is from this model
      // (scores of different tools are not on one scale), over its whole registered population:
      // unscored patients are in no tier but count in the population.
      const place = await this.scores.place(em, patient.gpPracticeOds, BUILT_IN_MODEL.name, score);
      const rank = place.n > 0 ? place.higher + 1 : null;
      return {
        nhsNumber,
        score,
        rank,
        population: place.n,
        percentile: rank ? percentileOf(rank, place.n) : null,
        tier: rank ? tierFor(rank, place.n, this.config.caseloads.tierThresholdsPercent) : null,
        factors,
        model: { name: BUILT_IN_MODEL.name, version: BUILT_IN_MODEL.version },
        computedAt: now.toISOString(),
      };
    });
  }

  /** A patient's score history, newest run first (then id), paginated. */
  history(ctx: RequestContext, nhsNumber: string, q: { limit: number; cursor?: string }): Promise<Page<RiskScoreView>> {
    const after = decodeCursor(q.cursor, ['time', 'serial']);
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'risk_score.read', resourceType: 'risk_score' });
      const rows = await this.scores.history(em, patient.id, after, q.limit + 1);
      return toPage(
        rows,
        q.limit,
        (r) => [r.cursorAt, r.id],
        (r) => ({
          model: r.model,
          modelVersion: r.modelVersion,
          computedAt: r.computedAt.toISOString(),
          score: r.score,
          practiceOds: r.practiceOds,
          factors: r.factors,
          importId: r.importId,
        }),
      );
    });
  }
}

export function contentHash(format: string, content: string): string {
  return createHash('sha256').update(format).update('\n').update(content).digest('hex');
}
