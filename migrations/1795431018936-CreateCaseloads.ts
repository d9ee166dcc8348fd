import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Risk stratification (imports, every score with its model and run date, each patient's latest
 * score) and Pro-Active Care episodes with their history. Generated from the entities, reviewed.
 * Invariants held here: one open episode per patient (partial unique index
 * uq_episodes_open_per_patient), an active clock on every active/review_due episode (check), one
 * import per practice+model+run+content (uq_risk_score_imports_content), one score per patient per
 * model per run. Partial indexes serve the 12-week review check (active by planned_end_at) and the
 * team capacity count (active/review_due by team).
 * Hand-written at the end of up(): the caseload index on risk_latest (practice, score DESC, NHS
 * number, covering the ranked columns), which TypeORM cannot describe.
 */

export class CreateCaseloads1795431018936 implements MigrationInterface {
    name = 'CreateCaseloads1795431018936'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "proactive_care_episodes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "practice_ods" character varying(12) NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "care_coordinator_staff_id" character varying(128) NOT NULL,
                "care_coordinator_name" character varying(200) NOT NULL,
                "accountable_gp" character varying(200),
                "status" character varying(16) NOT NULL,
                "disciplines" text array NOT NULL DEFAULT '{}',
                "reason" text,
                "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "planned_end_at" TIMESTAMP WITH TIME ZONE,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "created_by" character varying(128) NOT NULL,
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_episodes_active_clock" CHECK (
                    status NOT IN ('active', 'review_due')
                    OR planned_end_at IS NOT NULL
                ),
                CONSTRAINT "chk_episodes_status" CHECK (
                    status IN (
                        'identified',
                        'invited',
                        'declined',
                        'assessment',
                        'mdt_review',
                        'active',
                        'review_due',
                        'completed',
                        'withdrawn'
                    )
                ),
                CONSTRAINT "PK_2c7e49c836b9d664a32ac89d7e6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_episodes_review_due" ON "proactive_care_episodes" ("planned_end_at")
            WHERE status = 'active'
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_episodes_team_active" ON "proactive_care_episodes" ("team_code")
            WHERE status IN ('active', 'review_due')
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_episodes_patient_ended" ON "proactive_care_episodes" ("patient_id", "status", "ended_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_episodes_open_per_patient" ON "proactive_care_episodes" ("patient_id")
            WHERE status NOT IN ('declined', 'completed', 'withdrawn')
        `);
        await queryRunner.query(`
            CREATE TABLE "proactive_care_episode_events" (
                "id" BIGSERIAL NOT NULL,
                "episode_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "actor_sub" character varying(128) NOT NULL,
                "actor_name" character varying(200),
                "from_status" character varying(16),
                "to_status" character varying(16) NOT NULL,
                "reason" text,
                "detail" jsonb,
                CONSTRAINT "PK_d764507cb8972c324f8ab8397aa" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_episode_events_episode" ON "proactive_care_episode_events" ("episode_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "risk_score_imports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "practice_ods" character varying(12) NOT NULL,
                "model" character varying(64) NOT NULL,
                "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "content_hash" character(64) NOT NULL,
                "format" character varying(8) NOT NULL,
                "accepted" integer NOT NULL DEFAULT '0',
                "rejected" jsonb NOT NULL DEFAULT '[]',
                "created_by" character varying(128) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_369454ae84b58681ba1cf1e76ec" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_risk_score_imports_content" ON "risk_score_imports" (
                "practice_ods",
                "model",
                "computed_at",
                "content_hash"
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "risk_scores" (
                "id" BIGSERIAL NOT NULL,
                "patient_id" uuid NOT NULL,
                "practice_ods" character varying(12) NOT NULL,
                "model" character varying(64) NOT NULL,
                "model_version" character varying(32),
                "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "score" double precision NOT NULL,
                "factors" jsonb,
                "import_id" uuid,
                "created_by" character varying(128) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ac76f1fbfc456572b6ed51abe8f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_risk_scores_import" ON "risk_scores" ("import_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_risk_scores_practice_run" ON "risk_scores" ("practice_ods", "computed_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_risk_scores_patient_model_run" ON "risk_scores" ("patient_id", "model", "computed_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "risk_latest" (
                "patient_id" uuid NOT NULL,
                "practice_ods" character varying(12) NOT NULL,
                "nhs_number" character(10) NOT NULL,
                "score_id" bigint NOT NULL,
                "score" double precision NOT NULL,
                "model" character varying(64) NOT NULL,
                "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_f8a79657280f6f788b86b625f48" PRIMARY KEY ("patient_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "proactive_care_episodes"
            ADD CONSTRAINT "fk_episodes_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "proactive_care_episodes"
            ADD CONSTRAINT "fk_episodes_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "proactive_care_episode_events"
            ADD CONSTRAINT "fk_episode_events_episode" FOREIGN KEY ("episode_id") REFERENCES "proactive_care_episodes"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "risk_scores"
            ADD CONSTRAINT "fk_risk_scores_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "risk_scores"
            ADD CONSTRAINT "fk_risk_scores_import" FOREIGN KEY ("import_id") REFERENCES "risk_score_imports"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "risk_latest"
            ADD CONSTRAINT "fk_risk_latest_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        // --- hand-written ---
        // The caseload order (score descending, then NHS number) for one practice, index-only.
        await queryRunner.query(`
            CREATE INDEX "idx_risk_latest_practice_rank" ON "risk_latest" ("practice_ods", "score" DESC, "nhs_number")
            INCLUDE ("patient_id", "model", "computed_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // --- hand-written ---
        await queryRunner.query(`DROP INDEX "public"."idx_risk_latest_practice_rank"`);
        // --- generated ---
        await queryRunner.query(`
            ALTER TABLE "risk_latest" DROP CONSTRAINT "fk_risk_latest_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "risk_scores" DROP CONSTRAINT "fk_risk_scores_import"
        `);
        await queryRunner.query(`
            ALTER TABLE "risk_scores" DROP CONSTRAINT "fk_risk_scores_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "proactive_care_episode_events" DROP CONSTRAINT "fk_episode_events_episode"
        `);
        await queryRunner.query(`
            ALTER TABLE "proactive_care_episodes" DROP CONSTRAINT "fk_episodes_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "proactive_care_episodes" DROP CONSTRAINT "fk_episodes_patient"
        `);
        await queryRunner.query(`
            DROP TABLE "risk_latest"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_risk_scores_patient_model_run"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_risk_scores_practice_run"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_risk_scores_import"
        `);
        await queryRunner.query(`
            DROP TABLE "risk_scores"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_risk_score_imports_content"
        `);
        await queryRunner.query(`
            DROP TABLE "risk_score_imports"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_episode_events_episode"
        `);
        await queryRunner.query(`
            DROP TABLE "proactive_care_episode_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_episodes_open_per_patient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_episodes_patient_ended"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_episodes_team_active"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_episodes_review_due"
        `);
        await queryRunner.query(`
            DROP TABLE "proactive_care_episodes"
        `);
    }

}
