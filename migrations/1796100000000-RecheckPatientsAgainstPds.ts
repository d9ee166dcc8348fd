import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: a patient's date of death and registered practice are re-checked against PDS on a
 * rolling schedule (PDS_RECHECK_DAYS). `pds_checked_at` is when PDS last confirmed the record; the
 * partial index finds the stalest living, unmerged records with a number first (NULLs: never checked).
 */
export class RecheckPatientsAgainstPds1796100000000 implements MigrationInterface {
  name = 'RecheckPatientsAgainstPds1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "patients" ADD "pds_checked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`
            CREATE INDEX "idx_patients_pds_recheck" ON "patients" ("pds_checked_at" NULLS FIRST)
            WHERE nhs_number IS NOT NULL AND deceased_at IS NULL AND merged_into_id IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_patients_pds_recheck"`);
    await queryRunner.query(`ALTER TABLE "patients" DROP COLUMN "pds_checked_at"`);
  }
}
