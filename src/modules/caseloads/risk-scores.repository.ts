import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { useCachedPlans } from '../../database/prepared-client';
import { type CursorAt, selectCursorAt } from '../../database/sql-params';
import type { EntityManager } from 'typeorm';
import { AUDIT_EACH_AUDITED } from '../../common/audit/for-caseloads.repository';
import type { RowRejection } from './domain/import-rows';

/**
 * An import's checked rows, staged in its own transaction (a temporary table: no WAL, gone at
 * commit or rollback, invisible to other sessions) so that resolving, de-duplicating, storing and
 * auditing them are set-based statements however long the file is.
 */
const STAGING_TABLE = `CREATE TEMP TABLE risk_import_rows (
    line integer NOT NULL, nhs_number char(10) NOT NULL, score float8 NOT NULL, factors jsonb
  ) ON COMMIT DROP`;

/** The staging rows as PostgreSQL's COPY text format gives them (see stagedLine in domain/import-rows.ts). */
const STAGING_COPY = 'COPY risk_import_rows (line, nhs_number, score, factors) FROM STDIN';

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
  rejectedCount: number;
  createdAt: Date;
}

/** What storing the staged rows did: how many were stored (and audited), and the rows refused here. */
export interface StagedOutcome {
  accepted: number;
  /** The first refused rows by line (`limit`), and how many there were in all. */
  refused: { row: number; nhsNumber: string; code: 'DUPLICATE_ROW' | 'PATIENT_NOT_AT_PRACTICE' }[];
  refusedCount: number;
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

  async priorImport(em: EntityManager, key: ImportKey): Promise<{ id: string; accepted: number; rejected: RowRejection[]; rejectedCount: number }> {
    const [prior]: { id: string; accepted: number; rejected: RowRejection[]; rejectedCount: number }[] = await em.query(
      'SELECT id, accepted, rejected, rejected_count AS "rejectedCount" FROM risk_score_imports WHERE practice_ods = $1 AND model = $2 AND computed_at = $3 AND content_hash = $4',
      [key.practiceOds, key.model, key.computedAt, key.contentHash],
    );
    return prior;
  }

  async finishImport(em: EntityManager, id: string, accepted: number, rejected: RowRejection[], rejectedCount: number): Promise<void> {
    await em.query('UPDATE risk_score_imports SET accepted = $2, rejected = $3::jsonb, rejected_count = $4 WHERE id = $1', [id, accepted, JSON.stringify(rejected), rejectedCount]);
  }

  /**
   * Makes this transaction's staging table (dropped at commit or rollback). The import stores up to
   * a county's rows in one statement, and each row's foreign keys are checked by a cached plan; the
   * connection forces a fresh plan for every execution (hazard H18-5), which re-planned every one
   * of those checks (37 s of a 1.5 M-row import), so this transaction uses cached plans.
   */
  async createStaging(em: EntityManager): Promise<void> {
    await useCachedPlans(em);
    await em.query(STAGING_TABLE);
  }

  /**
   * A writable stream of COPY text lines into the staging table, on the transaction's own
   * connection: nothing else may run on it until the stream finishes (or fails, which aborts the
   * transaction).
   */
  stagingWriter(em: EntityManager): Writable {
    const client = (em.queryRunner as unknown as { databaseConnection: PoolClient } | undefined)?.databaseConnection;
    if (!client) throw new Error('staging needs the transaction of an EntityManager');
    return client.query(copyFrom(STAGING_COPY));
  }

  /**
   * Stores the staged rows as one run of one model, in one statement: each NHS number's first row
   * counts (later ones are DUPLICATE_ROW), a number not registered at the practice is
   * PATIENT_NOT_AT_PRACTICE; the rest go into the history, move each patient's latest score forward
   * when this run is at least as new, and write one audit event per stored patient (the audit
   * trail's own CTE, parameters $1-$9 from `auditEachParams`). Returns the counts and the first
   * `limit` refused rows by line.
   */
  async storeStaged(em: EntityManager, audit: unknown[], s: Omit<ScoreRun, 'patientIds' | 'nhsNumbers' | 'scores' | 'factors'>, limit: number): Promise<StagedOutcome> {
    const [outcome]: StagedOutcome[] = await em.query(
      `WITH resolved AS MATERIALIZED (
         SELECT s.line, s.nhs_number, s.score, s.factors, p.id AS patient_id,
                row_number() OVER (PARTITION BY s.nhs_number ORDER BY s.line) AS nth
         FROM risk_import_rows s LEFT JOIN patients p ON p.nhs_number = s.nhs_number AND p.gp_practice_ods = $10
       ),
       stored AS (
         INSERT INTO risk_scores (patient_id, score, factors, practice_ods, model, model_version, computed_at, import_id, created_by)
         SELECT r.patient_id, r.score, r.factors, $10, $11, $12, $13, $14, $15 FROM resolved r WHERE r.nth = 1 AND r.patient_id IS NOT NULL
         ON CONFLICT (patient_id, model, computed_at) DO UPDATE
           SET score = EXCLUDED.score, factors = EXCLUDED.factors, practice_ods = EXCLUDED.practice_ods,
               model_version = EXCLUDED.model_version, import_id = EXCLUDED.import_id, created_by = EXCLUDED.created_by
         RETURNING id, patient_id, score, model, computed_at
       ),
       audited AS MATERIALIZED (
         SELECT st.id, st.patient_id, st.score, st.model, st.computed_at, r.nhs_number
         FROM stored st JOIN resolved r ON r.patient_id = st.patient_id AND r.nth = 1
       ),
       latest AS (
         INSERT INTO risk_latest (patient_id, practice_ods, nhs_number, score_id, score, model, computed_at)
         SELECT a.patient_id, $10, a.nhs_number, a.id, a.score, a.model, a.computed_at FROM audited a
         ON CONFLICT (patient_id) DO UPDATE
           SET practice_ods = EXCLUDED.practice_ods, nhs_number = EXCLUDED.nhs_number, score_id = EXCLUDED.score_id, score = EXCLUDED.score,
               model = EXCLUDED.model, computed_at = EXCLUDED.computed_at
           WHERE risk_latest.computed_at <= EXCLUDED.computed_at
       ),
       ${AUDIT_EACH_AUDITED},
       refused AS (
         SELECT r.line AS row, r.nhs_number AS "nhsNumber", CASE WHEN r.nth > 1 THEN 'DUPLICATE_ROW' ELSE 'PATIENT_NOT_AT_PRACTICE' END AS code
         FROM resolved r WHERE r.nth > 1 OR r.patient_id IS NULL
       )
       SELECT (SELECT count(*) FROM audited)::int AS accepted,
              (SELECT count(*) FROM refused)::int AS "refusedCount",
              (SELECT coalesce(json_agg(f ORDER BY f.row), '[]'::json) FROM (SELECT * FROM refused ORDER BY row LIMIT $16) f) AS refused`,
      [...audit, s.practiceOds, s.model, s.modelVersion, s.computedAt, s.importId, s.createdBy, limit],
    );
    return outcome;
  }

  async importById(em: EntityManager, id: string): Promise<StoredImport | null> {
    const [row]: StoredImport[] = await em.query(
      `SELECT id, practice_ods AS "practiceOds", model, computed_at AS "computedAt", accepted, rejected, rejected_count AS "rejectedCount", created_at AS "createdAt"
       FROM risk_score_imports WHERE id = $1`,
      [id],
    );
    return row ?? null;
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
  async history(em: EntityManager, patientId: string, before: [string, string] | undefined, limit: number): Promise<(StoredScore & CursorAt)[]> {
    const rows: ({ id: string; model: string; model_version: string | null; computed_at: Date; score: number; practice_ods: string; factors: unknown; import_id: string | null } & CursorAt)[] =
      await em.query(
        `SELECT id, model, model_version, computed_at, score, practice_ods, factors, import_id, ${selectCursorAt('computed_at')} FROM risk_scores
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
      cursorAt: r.cursorAt,
    }));
  }
}
