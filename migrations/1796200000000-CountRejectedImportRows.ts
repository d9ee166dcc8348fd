import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a risk import answers with the first 1,000 rejected rows and the count of all of them
 * (a 1.5 M-row file must not hold or store an unbounded list). Imports made before listed every
 * rejected row, so their count is the length of that list.
 */
export class CountRejectedImportRows1796200000000 implements MigrationInterface {
  name = 'CountRejectedImportRows1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "risk_score_imports" ADD "rejected_count" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`UPDATE "risk_score_imports" SET "rejected_count" = jsonb_array_length("rejected")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "risk_score_imports" DROP COLUMN "rejected_count"`);
  }
}
