import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ImportNotFound } from './caseload-errors';
import { readCsv } from './domain/csv';
import { type GoodRow, NHS_NUMBER_COLUMNS, type RowRejection, checkRow, isRejection } from './domain/import-rows';
import { BUILT_IN_MODEL, type FactorPoints, scoreFactors } from './domain/risk-model';
import { percentileOf, tierFor } from './domain/tiers';
import type { ImportTarget, RiskAssessmentDto } from './dto/caseload.dto';
import { PracticeScope } from './practice-scope';
import { RiskScoresRepository } from './risk-scores.repository';

export interface ImportResult {
  importId: string;
  accepted: number;
  rejected: RowRejection[];
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

/** Rows flow in batches of this size: 50,000-row files never sit in memory as one parsed list. */
export const IMPORT_BATCH = 1000;

interface RawRow {
  row: number;
  input: unknown;
  /** A problem found before the row could be read (CSV structure). */
  problem?: RowRejection;
}

/**
 * Risk stratification scores: imports (JSON or CSV) and the built-in transparent model. Every
 * score is kept with its model and run date (risk_scores); risk_latest follows the newest run of
 * each patient for the caseload.
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
    const hash = contentHash('json', JSON.stringify(rows));
    function* raw(): Generator<RawRow> {
      for (let i = 0; i < rows.length; i++) yield { row: i + 1, input: rows[i] };
    }
    return this.runImport(ctx, target, 'json', hash, raw());
  }

  /** CSV with a header row; `row` in rejections is the file's line number (the header is line 1). */
  importCsv(ctx: RequestContext, target: ImportTarget, text: string): Promise<ImportResult> {
    const records = readCsv(text);
    const first = records.next();
    if (first.done || first.value.error) throw new ValidationFailed('The CSV needs a header row', [{ field: 'body', message: 'has no readable header row' }]);
    const header = first.value.fields.map((h) => h.trim());
    const hasNhs = header.some((h) => NHS_NUMBER_COLUMNS.includes(h.toLowerCase()));
    if (!hasNhs || !header.includes('score')) {
      throw new ValidationFailed('The CSV header must name the NHS number and score columns', [{ field: 'body', message: 'header needs nhs_number (or nhsNumber) and score' }]);
    }
    if (new Set(header).size !== header.length || header.some((h) => h === '')) {
      throw new ValidationFailed('The CSV header has empty or repeated column names', [{ field: 'body', message: 'column names must be present and distinct' }]);
    }
    const hash = contentHash('csv', text);
    function* raw(): Generator<RawRow> {
      for (const rec of records) {
        if (rec.error || rec.fields.length !== header.length) {
          const problem = rec.error ?? `has ${rec.fields.length} fields, the header ${header.length}`;
          const nhsIndex = header.findIndex((h) => NHS_NUMBER_COLUMNS.includes(h.toLowerCase()));
          yield { row: rec.line, input: null, problem: { row: rec.line, nhsNumber: rec.fields[nhsIndex]?.slice(0, 20) || null, code: 'ROW_MALFORMED', message: problem } };
          continue;
        }
        const obj: Record<string, string> = {};
        header.forEach((h, i) => {
          obj[h] = rec.fields[i];
        });
        yield { row: rec.line, input: obj };
      }
    }
    return this.runImport(ctx, target, 'csv', hash, raw(), true);
  }

  private async runImport(ctx: RequestContext, target: ImportTarget, format: string, hash: string, rows: Iterable<RawRow>, fromCsv = false): Promise<ImportResult> {
    const computedAt = new Date(target.computedAt);
    const now = this.clock.now();
    if (Number.isNaN(computedAt.getTime())) throw new ValidationFailed('computedAt is not a real time', [{ field: 'computedAt', message: 'is not a real time' }]);
    if (computedAt.getTime() > now.getTime() + 24 * 3_600_000) {
      throw new ValidationFailed('computedAt is in the future', [{ field: 'computedAt', message: 'is in the future' }]);
    }
    return this.db.transaction(async (em) => {
      await this.scope.assert(em, ctx, target.practiceOds, 'import');
      // The unique content hash makes a re-sent import one row: a concurrent duplicate waits for
      // the first to commit and then finds it.
      const key = { practiceOds: target.practiceOds, model: target.model, computedAt, contentHash: hash };
      const importId = await this.scores.claimImport(em, key, format, ctx.principal.sub);
      if (!importId) {
        const prior = await this.scores.priorImport(em, key);
        await this.audit.record(em, ctx, { action: 'risk_score.import_replayed', resourceType: 'risk_score_import', resourceId: prior.id });
        return { importId: prior.id, accepted: prior.accepted, rejected: prior.rejected, replayed: true };
      }
      const rejected: RowRejection[] = [];
      const reject = (r: RowRejection) => rejected.push(r);
      let accepted = 0;
      const seen = new Set<string>();
      let batch: GoodRow[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const result = await this.storeBatch(em, ctx, importId, target, computedAt, batch);
        accepted += result.accepted;
        result.rejected.forEach(reject);
        batch = [];
      };
      for (const r of rows) {
        const checked = r.problem ?? checkRow(r.row, r.input, fromCsv);
        if (isRejection(checked)) {
          reject(checked);
          continue;
        }
        if (seen.has(checked.nhsNumber)) {
          reject({ row: checked.row, nhsNumber: checked.nhsNumber, code: 'DUPLICATE_ROW', message: 'this NHS number appears earlier in the import' });
          continue;
        }
        seen.add(checked.nhsNumber);
        batch.push(checked);
        if (batch.length >= IMPORT_BATCH) await flush();
      }
      await flush();
      rejected.sort((a, b) => a.row - b.row);
      await this.scores.finishImport(em, importId, accepted, rejected);
      return { importId, accepted, rejected, replayed: false };
    });
  }

  /** One batch: resolve NHS numbers, store history, move latest forward, audit each patient. */
  private async storeBatch(em: EntityManager, ctx: RequestContext, importId: string, target: ImportTarget, computedAt: Date, batch: GoodRow[]) {
    const patients = await this.scores.patientsByNhsNumber(em, batch.map((b) => b.nhsNumber));
    const byNhs = new Map(patients.map((p) => [p.nhsNumber, p]));
    const rejected: RowRejection[] = [];
    const good: { row: GoodRow; patientId: string }[] = [];
    for (const row of batch) {
      const p = byNhs.get(row.nhsNumber);
      // Unknown and registered elsewhere answer alike: an import does not reveal who exists.
      if (!p || p.gpPracticeOds !== target.practiceOds) {
        rejected.push({ row: row.row, nhsNumber: row.nhsNumber, code: 'PATIENT_NOT_AT_PRACTICE', message: `no patient with this NHS number is registered at ${target.practiceOds}` });
      } else good.push({ row, patientId: p.id });
    }
    if (good.length) {
      await this.scores.store(em, {
        patientIds: good.map((g) => g.patientId),
        nhsNumbers: good.map((g) => g.row.nhsNumber),
        scores: good.map((g) => g.row.score),
        factors: good.map((g) => (g.row.factors ? JSON.stringify(g.row.factors) : null)),
        practiceOds: target.practiceOds,
        model: target.model,
        modelVersion: target.modelVersion ?? null,
        computedAt,
        importId,
        createdBy: ctx.principal.sub,
      });
      await this.audit.record(
        em,
        ctx,
        good.map((g) => ({ action: 'risk_score.import', resourceType: 'risk_score_import', resourceId: importId, patient: { id: g.patientId, nhsNumber: g.row.nhsNumber } })),
      );
    }
    return { accepted: good.length, rejected };
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
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'risk_score.read', resourceType: 'risk_score' });
      const rows = await this.scores.history(em, patient.id, after, q.limit + 1);
      return toPage(
        rows,
        q.limit,
        (r) => [r.computedAt.toISOString(), r.id],
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
