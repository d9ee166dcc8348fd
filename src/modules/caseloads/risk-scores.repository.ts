import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RowRejection } from './domain/import-rows';

export interface ImportKey {
  practiceOds: string;
  model: string;
  computedAt: Date;
  contentHash: string;
}

export interface StoredImport {
  id: string;
  practiceOds: string;
  model: string;
  computedAt: Date;
  accepted: number;
  rejected: RowRejection[];
  createdAt: Date;
}

/** One run of one model for some patients of a practice. */
export interface ScoreRun {
  patientIds: string[];
  nhsNumbers: string[];
  scores: number[];
  /** Each patient's factors as JSON text, or null. */
  factors: (string | null)[];
  practiceOds: string;
  model: string;
  modelVersion: string | null;
  computedAt: Date;
  importId: string | null;
  createdBy: string;
}

export interface StoredScore {
  id: string;
  model: string;
  modelVersion: string | null;
  computedAt: Date;
  score: number;
  practiceOds: string;
  factors: unknown;
  importId: string | null;
}

/** Risk scores: imports (`risk_score_imports`), the history (`risk_scores`) and each patient's latest (`risk_latest`). */
/** The patient's (`$1`) latest score: the single view's `latestRisk`. */
export const LATEST_RISK_OF_PATIENT = 'SELECT score, model, computed_at AS "computedAt" FROM risk_latest WHERE patient_id = $1';

@Injectable()
export class RiskScoresRepository {
  /**
   * Claims the import by its content: the unique (practice, model, run, hash) key makes a re-sent
   * import one row (a concurrent duplicate waits for the first to commit, then finds it). Returns
   * the new import's id, or null when this exact import was received before.
   */
  async claimImport(em: EntityManager, key: ImportKey, format: string, createdBy: string): Promise<string | null> {
    const claimed: { id: string }[] = await em.query(
      `INSERT INTO risk_score_imports (practice_ods, model, computed_at, content_hash, format, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (practice_ods, model, computed_at, content_hash) DO NOTHING RETURNING id`,
      [key.practiceOds, key.model, key.computedAt, key.contentHash, format, createdBy],
    );
    return claimed[0]?.id ?? null;
  }

  async priorImport(em: EntityManager, key: ImportKey): Promise<{ id: string; accepted: number; rejected: RowRejection[] }> {
    const [prior]: { id: string; accepted: number; rejected: RowRejection[] }[] = await em.query(
      'SELECT id, accepted, rejected FROM risk_score_imports WHERE practice_ods = $1 AND model = $2 AND computed_at = $3 AND content_hash = $4',
      [key.practiceOds, key.model, key.computedAt, key.contentHash],
    );
    return prior;
  }

  async finishImport(em: EntityManager, id: string, accepted: number, rejected: RowRejection[]): Promise<void> {
    await em.query('UPDATE risk_score_imports SET accepted = $2, rejected = $3::jsonb WHERE id = $1', [id, accepted, JSON.stringify(rejected)]);
  }

  async importById(em: EntityManager, id: string): Promise<StoredImport | null> {
    const [row]: { id: string; practice_ods: string; model: string; computed_at: Date; accepted: number; rejected: RowRejection[]; created_at: Date }[] = await em.query(
      'SELECT id, practice_ods, model, computed_at, accepted, rejected, created_at FROM risk_score_imports WHERE id = $1',
      [id],
    );
    return row
      ? { id: row.id, practiceOds: row.practice_ods, model: row.model, computedAt: row.computed_at, accepted: row.accepted, rejected: row.rejected, createdAt: row.created_at }
      : null;
  }

  /** The patients with these NHS numbers, with their registered practice. */
  async patientsByNhsNumber(em: EntityManager, nhsNumbers: string[]): Promise<{ id: string; nhsNumber: string; gpPracticeOds: string | null }[]> {
    const rows: { id: string; nhs_number: string; gp_practice_ods: string | null }[] = await em.query(
      'SELECT id, nhs_number, gp_practice_ods FROM patients WHERE nhs_number = ANY($1::char(10)[])',
      [nhsNumbers],
    );
    return rows.map((p) => ({ id: p.id, nhsNumber: p.nhs_number, gpPracticeOds: p.gp_practice_ods }));
  }

  /**
   * Stores scores (one run of one model) and moves each patient's latest score forward when this run
   * is at least as new. A re-run of the same model and run date replaces that run's score.
   */
  async store(em: EntityManager, s: ScoreRun): Promise<void> {
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

  /**
   * Where a score would place in the practice: among the patients whose latest score is from this
   * model (scores of different tools are not on one scale), over the whole registered population
   * (unscored patients are in no tier but count). `n` is that population, `higher` how many scored more.
   */
  async place(em: EntityManager, practiceOds: string, model: string, score: number): Promise<{ n: number; higher: number }> {
    const [place]: { n: number; higher: number }[] = await em.query(
      `SELECT greatest(count(*), (SELECT count(*) FROM patients rp WHERE rp.gp_practice_ods = $1 AND rp.deceased_at IS NULL))::int AS n,
              count(*) FILTER (WHERE l.score > $3)::int AS higher
       FROM risk_latest l WHERE l.practice_ods = $1 AND l.model = $2`,
      [practiceOds, model, score],
    );
    return place;
  }

  /** A patient's scores, newest run first (then id), after the keyset `before` when given. */
  async history(em: EntityManager, patientId: string, before: [string, string] | undefined, limit: number): Promise<StoredScore[]> {
    const rows: { id: string; model: string; model_version: string | null; computed_at: Date; score: number; practice_ods: string; factors: unknown; import_id: string | null }[] =
      await em.query(
        `SELECT id, model, model_version, computed_at, score, practice_ods, factors, import_id FROM risk_scores
         WHERE patient_id = $1 AND ($2::timestamptz IS NULL OR (computed_at, id) < ($2::timestamptz, $3::bigint))
         ORDER BY computed_at DESC, id DESC LIMIT $4`,
        [patientId, before?.[0] ?? null, before?.[1] ?? null, limit],
      );
    return rows.map((r) => ({
      id: r.id,
      model: r.model,
      modelVersion: r.model_version,
      computedAt: r.computed_at,
      score: r.score,
      practiceOds: r.practice_ods,
      factors: r.factors,
      importId: r.import_id,
    }));
  }
}
