import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateCarePlans1795430424923 implements MigrationInterface {
    name = 'CreateCarePlans1795430424923'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "care_plan_agreements" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "role" character varying(32) NOT NULL,
                "name" character varying(200) NOT NULL,
                "patient_involved" boolean NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "recorded_by" character varying(128) NOT NULL,
                CONSTRAINT "chk_care_plan_agreements_role" CHECK (
                    role IN (
                        'gp',
                        'patient',
                        'representative',
                        'care_coordinator',
                        'proactive_care_episode',
                        'mdt'
                    )
                ),
                CONSTRAINT "PK_5015f704f352f1ca24c489d2137" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_care_plan_agreements_patient_version" ON "care_plan_agreements" ("patient_id", "version")
        `);
        await queryRunner.query(`
            CREATE TABLE "care_plan_consents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "decision" character varying(16) NOT NULL,
                "scope" character varying(32) NOT NULL,
                "recorded_by" character varying(200) NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "notes" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "created_by" character varying(128) NOT NULL,
                CONSTRAINT "chk_care_plan_consents_scope" CHECK (scope IN ('care_plan_sharing')),
                CONSTRAINT "chk_care_plan_consents_decision" CHECK (
                    decision IN ('granted', 'declined', 'best_interests')
                ),
                CONSTRAINT "PK_03850fd0cf4a33c988108548174" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_care_plan_consents_patient" ON "care_plan_consents" ("patient_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "care_plan_versions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "sections" jsonb NOT NULL,
                "review_due_at" TIMESTAMP WITH TIME ZONE,
                "changed_sections" character varying(64) array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "created_by" character varying(128) NOT NULL,
                "created_by_name" character varying(200),
                "author_team_codes" character varying(32) array NOT NULL DEFAULT '{}',
                CONSTRAINT "chk_care_plan_versions_version" CHECK (version >= 1),
                CONSTRAINT "PK_70f0631c14c0231ba871c806c66" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_care_plan_versions_review_due" ON "care_plan_versions" ("review_due_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_care_plan_versions_patient_version" ON "care_plan_versions" ("patient_id", "version")
        `);
        await queryRunner.query(`
            ALTER TABLE "care_plan_agreements"
            ADD CONSTRAINT "fk_care_plan_agreements_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "care_plan_consents"
            ADD CONSTRAINT "fk_care_plan_consents_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "care_plan_versions"
            ADD CONSTRAINT "fk_care_plan_versions_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // Hand-written: care plan versions, agreements and consent decisions are append-only.
        await queryRunner.query(`
            CREATE FUNCTION care_plans_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END
            $$
        `);
        for (const table of ['care_plan_versions', 'care_plan_agreements', 'care_plan_consents']) {
            await queryRunner.query(`
                CREATE TRIGGER "trg_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
                FOR EACH ROW EXECUTE FUNCTION care_plans_append_only()
            `);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['care_plan_versions', 'care_plan_agreements', 'care_plan_consents']) {
            await queryRunner.query(`DROP TRIGGER "trg_${table}_append_only" ON "${table}"`);
        }
        await queryRunner.query(`DROP FUNCTION care_plans_append_only()`);
        await queryRunner.query(`
            ALTER TABLE "care_plan_versions" DROP CONSTRAINT "fk_care_plan_versions_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "care_plan_consents" DROP CONSTRAINT "fk_care_plan_consents_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "care_plan_agreements" DROP CONSTRAINT "fk_care_plan_agreements_patient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_care_plan_versions_patient_version"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_care_plan_versions_review_due"
        `);
        await queryRunner.query(`
            DROP TABLE "care_plan_versions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_care_plan_consents_patient"
        `);
        await queryRunner.query(`
            DROP TABLE "care_plan_consents"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_care_plan_agreements_patient_version"
        `);
        await queryRunner.query(`
            DROP TABLE "care_plan_agreements"
        `);
    }

}
