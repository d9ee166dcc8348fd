import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 (Kent scale): a caseload page counts the practice's registered living population and
 * how many of them are scored. On a 1.5 M-patient county a 48,000-patient practice's count read
 * the heap (~150 ms) and the scored count joined every score to its patient (~400 ms), on every
 * page. The living are counted from a partial index (an index-only scan), and the few deceased
 * are found from their own small index, so "scored and living" is the practice's scores less an
 * anti-join against them.
 */
export class CountLivingPatientsFromIndexes1796300000000 implements MigrationInterface {
  name = 'CountLivingPatientsFromIndexes1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_patients_living_practice" ON "patients" ("gp_practice_ods") WHERE "deceased_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "idx_patients_deceased" ON "patients" ("id") WHERE "deceased_at" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_patients_deceased"`);
    await queryRunner.query(`DROP INDEX "idx_patients_living_practice"`);
  }
}
