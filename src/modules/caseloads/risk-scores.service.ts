import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden, ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ImportNotFound } from './caseload-errors';
import { Clock } from '../../common/clock';
import { readCsv } from './domain/csv';
import { type GoodRow, NHS_NUMBER_COLUMNS, type RowRejection, checkRow, isRejection } from './domain/import-rows';
import { BUILT_IN_MODEL, type FactorPoints, scoreFactors } from './domain/risk-model';
import { percentileOf, tierFor } from './domain/tiers';
import type { ImportTarget, RiskAssessmentDto } from './dto/caseload.dto';
import { assertPracticeScope } from './practice-scope';

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
      await assertPracticeScope(em, ctx, target.practiceOds, 'import');
      // The unique content hash makes a re-sent import one row: a concurrent duplicate waits for
      // the first to commit and then finds it.
      const claimed: { id: string }[] = await em.query(
        `INSERT INTO risk_score_imports (practice_ods, model, computed_at, content_hash, format, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (practice_ods, model, computed_at, content_hash) DO NOTHING RETURNING id`,
        [target.practiceOds, target.model, computedAt, hash, format, ctx.principal.sub],
      );
      if (!claimed.length) {
        const [prior]: { id: string; accepted: number; rejected: RowRejection[] }[] = await em.query(
          'SELECT id, accepted, rejected FROM risk_score_imports WHERE practice_ods = $1 AND model = $2 AND computed_at = $3 AND content_hash = $4',
          [target.practiceOds, target.model, computedAt, hash],
        );
        await this.audit.record(em, ctx, { action: 'risk_score.import_replayed', resourceType: 'risk_score_import', resourceId: prior.id });
        return { importId: prior.id, accepted: prior.accepted, rejected: prior.rejected, replayed: true };
      }
      const importId = claimed[0].id;
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
      await em.query('UPDATE risk_score_imports SET accepted = $2, rejected = $3::jsonb WHERE id = $1', [importId, accepted, JSON.stringify(rejected)]);
      return { importId, accepted, rejected, replayed: false };
    });
  }

  /** One batch: resolve NHS numbers, store history, move latest forward, audit each patient. */
  private async storeBatch(em: EntityManager, ctx: RequestContext, importId: string, target: ImportTarget, computedAt: Date, batch: GoodRow[]) {
    const patients: { id: string; nhs_number: string; gp_practice_ods: string | null }[] = await em.query(
      'SELECT id, nhs_number, gp_practice_ods FROM patients WHERE nhs_number = ANY($1::char(10)[])',
      [batch.map((b) => b.nhsNumber)],
    );
    const byNhs = new Map(patients.map((p) => [p.nhs_number, p]));
    const rejected: RowRejection[] = [];
    const good: { row: GoodRow; patientId: string }[] = [];
    for (const row of batch) {
      const p = byNhs.get(row.nhsNumber);
      // Unknown and registered elsewhere answer alike: an import does not reveal who exists.
      if (!p || p.gp_practice_ods !== target.practiceOds) {
        rejected.push({ row: row.row, nhsNumber: row.nhsNumber, code: 'PATIENT_NOT_AT_PRACTICE', message: `no patient with this NHS number is registered at ${target.practiceOds}` });
      } else good.push({ row, patientId: p.id });
    }
    if (good.length) {
      await upsertScores(em, {
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
      const [row]: { id: string; practice_ods: string; model: string; computed_at: Date; accepted: number; rejected: RowRejection[]; created_at: Date }[] = await em.query(
        'SELECT id, practice_ods, model, computed_at, accepted, rejected, created_at FROM risk_score_imports WHERE id = $1',
        [id],
      );
      if (!row) throw new ImportNotFound();
      try {
        await assertPracticeScope(em, ctx, row.practice_ods, 'import');
      } catch (e) {
        if (e instanceof Forbidden) throw new ImportNotFound();
        throw e;
      }
      return {
        importId: row.id,
        practiceOds: row.practice_ods,
        model: row.model,
        computedAt: row.computed_at.toISOString(),
        accepted: row.accepted,
        rejected: row.rejected,
        replayed: false,
        createdAt: row.created_at.toISOString(),
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
      await upsertScores(em, {
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
      const [place]: { n: number; higher: number }[] = await em.query(
        `SELECT greatest(count(*), (SELECT count(*) FROM patients rp WHERE rp.gp_practice_ods = $1 AND rp.deceased_at IS NULL))::int AS n,
                count(*) FILTER (WHERE l.score > $3)::int AS higher
         FROM risk_latest l WHERE l.practice_ods = $1 AND l.model = $2`,
        [patient.gpPracticeOds, BUILT_IN_MODEL.name, score],
      );
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
      const rows: { id: string; model: string; model_version: string | null; computed_at: Date; score: number; practice_ods: string; factors: unknown; import_id: string | null }[] =
        await em.query(
          `SELECT id, model, model_version, computed_at, score, practice_ods, factors, import_id FROM risk_scores
           WHERE patient_id = $1 AND ($2::timestamptz IS NULL OR (computed_at, id) < ($2::timestamptz, $3::bigint))
           ORDER BY computed_at DESC, id DESC LIMIT $4`,
          [patient.id, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
        );
      return toPage(
        rows,
        q.limit,
        (r) => [r.computed_at.toISOString(), r.id],
        (r) => ({
          model: r.model,
          modelVersion: r.model_version,
          computedAt: r.computed_at.toISOString(),
          score: r.score,
          practiceOds: r.practice_ods,
          factors: r.factors,
          importId: r.import_id,
        }),
      );
    });
  }
}

export function contentHash(format: string, content: string): string {
  return createHash('sha256').update(format).update('\n').update(content).digest('hex');
}

/**
 * Store scores (one run of one model) and move each patient's latest score forward when this run
 * is at least as new. A re-run of the same model and run date replaces that run's score.
 */
async function upsertScores(
  em: EntityManager,
  s: {
    patientIds: string[];
    nhsNumbers: string[];
    scores: number[];
    factors: (string | null)[];
    practiceOds: string;
    model: string;
    modelVersion: string | null;
    computedAt: Date;
    importId: string | null;
    createdBy: string;
  },
): Promise<void> {
  await em.query(
    `WITH stored AS (
       INSERT INTO risk_scores (patient_id, score, factors, practice_ods, model, model_version, computed_at, import_id, created_by)
       SELECT u.patient_id, u.score, u.factors::jsonb, $4, $5, $6, $7, $8, $9
       FROM unnest($1::uuid[], $2::float8[], $3::text[]) AS u(patient_id, score, factors)
       ON CONFLICT (patient_id, model, computed_at) DO UPDATE
         SET score = EXCLUDED.score, factors = EXCLUDED.factors, practice_ods = EXCLUDED.practice_ods,
             model_version = EXCLUDED.model_version, import_id = EXCLUDED.import_id, created_by = EXCLUDED.created_by
       RETURNING id, patient_id, score, model, computed_at
     )
     INSERT INTO risk_latest (patient_id, practice_ods, nhs_number, score_id, score, model, computed_at)
     SELECT stored.patient_id, $4, n.nhs_number, stored.id, stored.score, stored.model, stored.computed_at
     FROM stored JOIN unnest($1::uuid[], $10::char(10)[]) AS n(patient_id, nhs_number) ON n.patient_id = stored.patient_id
     ON CONFLICT (patient_id) DO UPDATE
       SET practice_ods = EXCLUDED.practice_ods, nhs_number = EXCLUDED.nhs_number, score_id = EXCLUDED.score_id, score = EXCLUDED.score,
           model = EXCLUDED.model, computed_at = EXCLUDED.computed_at
       WHERE risk_latest.computed_at <= EXCLUDED.computed_at`,
    [s.patientIds, s.scores, s.factors, s.practiceOds, s.model, s.modelVersion, s.computedAt, s.importId, s.createdBy, s.nhsNumbers],
  );
}
