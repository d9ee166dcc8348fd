import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 14: the NHS number status indicator (01..08) replaces the verified boolean (true -> 01;
 * a number not verified -> 02; no number, awaiting trace -> 03); patient merge (merged_into_id);
 * background tracing schedule.
 */
export class AddNhsNumberStatusAndMerge1795440014100 implements MigrationInterface {
    name = 'AddNhsNumberStatusAndMerge1795440014100'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "patients" ADD "nhs_number_status" character(2) NOT NULL DEFAULT '02'`);
        await queryRunner.query(`
            UPDATE "patients" SET "nhs_number_status" = CASE
                WHEN nhs_number IS NULL THEN '03'
                WHEN nhs_number_verified THEN '01'
                ELSE '02' END
        `);
        await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "nhs_number_verified"`);
        await queryRunner.query(`ALTER TABLE "patients" ADD "merged_into_id" uuid`);
        await queryRunner.query(`ALTER TABLE "patients" ADD "merged_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "patients" ADD "trace_next_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "patients" ADD "trace_attempts" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`
            ALTER TABLE "patients" ADD CONSTRAINT "chk_patients_nhs_number_status" CHECK (nhs_number_status IN ('01', '02', '03', '04', '05', '06', '07', '08'))
        `);
        await queryRunner.query(`
            ALTER TABLE "patients" ADD CONSTRAINT "chk_patients_not_merged_into_self" CHECK (merged_into_id IS NULL OR merged_into_id <> id)
        `);
        await queryRunner.query(`CREATE INDEX "idx_patients_merged_into" ON "patients" ("merged_into_id")`);
        await queryRunner.query(`
            ALTER TABLE "patients"
            ADD CONSTRAINT "fk_patients_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // Hand-written: the background trace claims due untraced patients from this partial index.
        await queryRunner.query(`
            CREATE INDEX "idx_patients_trace_due" ON "patients" ("trace_next_at") WHERE nhs_number IS NULL AND merged_into_id IS NULL
        `);
        // Untraced patients already stored are due for a trace now.
        await queryRunner.query(`UPDATE "patients" SET "trace_next_at" = now() WHERE nhs_number IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_patients_trace_due"`);
        await queryRunner.query(`ALTER TABLE "patients" DROP CONSTRAINT "fk_patients_merged_into"`);
        await queryRunner.query(`DROP INDEX "public"."idx_patients_merged_into"`);
        await queryRunner.query(`ALTER TABLE "patients" DROP CONSTRAINT "chk_patients_not_merged_into_self"`);
        await queryRunner.query(`ALTER TABLE "patients" DROP CONSTRAINT "chk_patients_nhs_number_status"`);
        await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "trace_attempts"`);
        await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "trace_next_at"`);
        await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "merged_at"`);
        await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "merged_into_id"`);
        await queryRunner.query(`ALTER TABLE "patients" ADD "nhs_number_verified" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`UPDATE "patients" SET "nhs_number_verified" = (nhs_number_status = '01')`);
        await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "nhs_number_status"`);
    }
}
