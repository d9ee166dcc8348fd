import { MigrationInterface, QueryRunner } from "typeorm";

/** Residence history, reablement starts (ASCOF 2B(1)) and population estimates (issue 19). */

export class CreateResidencesAndPopulations1795943051776 implements MigrationInterface {
    name = 'CreateResidencesAndPopulations1795943051776'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "population_estimates" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "year" integer NOT NULL,
                "area_type" character varying(16) NOT NULL,
                "area_code" character varying(64) NOT NULL,
                "age_from" integer NOT NULL,
                "age_to" integer,
                "persons" integer NOT NULL,
                "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "imported_by" character varying(128) NOT NULL,
                CONSTRAINT "chk_population_estimates_band" CHECK (
                    age_from >= 0
                    AND (
                        age_to IS NULL
                        OR age_to >= age_from
                    )
                    AND persons >= 0
                ),
                CONSTRAINT "chk_population_estimates_area_type" CHECK (area_type IN ('practice', 'locality')),
                CONSTRAINT "PK_9b8aaf3d4db0481b59d8b96152d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_population_estimates_band" ON "population_estimates" ("year", "area_type", "area_code", "age_from")
        `);
        await queryRunner.query(`
            CREATE TABLE "patient_residences" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "kind" character varying(16) NOT NULL,
                "care_home_ods" character varying(12),
                "from_date" date NOT NULL,
                "to_date" date,
                "source" character varying(24) NOT NULL,
                "source_id" uuid,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_by" character varying(128) NOT NULL,
                CONSTRAINT "chk_patient_residences_dates" CHECK (
                    to_date IS NULL
                    OR to_date >= from_date
                ),
                CONSTRAINT "chk_patient_residences_care_home" CHECK (
                    kind = 'care_home'
                    OR care_home_ods IS NULL
                ),
                CONSTRAINT "chk_patient_residences_source" CHECK (
                    source IN (
                        'hospital_discharge',
                        'bed_stay_discharge',
                        'update'
                    )
                ),
                CONSTRAINT "chk_patient_residences_kind" CHECK (kind IN ('home', 'care_home')),
                CONSTRAINT "PK_39f1803e4e13083133d38c0e4f6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_patient_residences_from" ON "patient_residences" ("kind", "from_date")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_patient_residences_patient" ON "patient_residences" ("patient_id", "from_date")
        `);
        await queryRunner.query(`
            CREATE TABLE "reablement_starts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "admission_id" uuid,
                "referral_id" uuid,
                "setting" character varying(8) NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_by" character varying(128) NOT NULL,
                CONSTRAINT "chk_reablement_starts_setting" CHECK (setting IN ('home', 'bed')),
                CONSTRAINT "PK_b6886f06da45f1414174fcd63c8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_reablement_starts_admission" ON "reablement_starts" ("admission_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_reablement_starts_patient_started" ON "reablement_starts" ("patient_id", "started_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_residences"
            ADD CONSTRAINT "fk_patient_residences_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_residences"
            ADD CONSTRAINT "fk_patient_residences_care_home" FOREIGN KEY ("care_home_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "reablement_starts"
            ADD CONSTRAINT "fk_reablement_starts_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "reablement_starts"
            ADD CONSTRAINT "fk_reablement_starts_admission" FOREIGN KEY ("admission_id") REFERENCES "admissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // Hand-written: one person's residence periods never overlap ([from, to), to null = open).
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
        await queryRunner.query(`
            ALTER TABLE "patient_residences" ADD CONSTRAINT "ex_patient_residences_no_overlap"
            EXCLUDE USING gist ("patient_id" WITH =, daterange("from_date", "to_date", '[)') WITH &&)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "patient_residences" DROP CONSTRAINT "ex_patient_residences_no_overlap"`);
        await queryRunner.query(`
            ALTER TABLE "reablement_starts" DROP CONSTRAINT "fk_reablement_starts_admission"
        `);
        await queryRunner.query(`
            ALTER TABLE "reablement_starts" DROP CONSTRAINT "fk_reablement_starts_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_residences" DROP CONSTRAINT "fk_patient_residences_care_home"
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_residences" DROP CONSTRAINT "fk_patient_residences_patient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_reablement_starts_patient_started"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_reablement_starts_admission"
        `);
        await queryRunner.query(`
            DROP TABLE "reablement_starts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_patient_residences_patient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_patient_residences_from"
        `);
        await queryRunner.query(`
            DROP TABLE "patient_residences"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_population_estimates_band"
        `);
        await queryRunner.query(`
            DROP TABLE "population_estimates"
        `);
    }

}
