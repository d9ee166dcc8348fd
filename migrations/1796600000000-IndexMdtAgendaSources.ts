import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 (Kent scale): MDT agenda generation asks, for one practice, which of its living,
 * NHS-numbered patients were admitted or discharged since the last meeting and which are in an
 * open Pro-Active Care episode. The practice lives on the patient, so both read county-wide rows
 * (5,515 admissions in five weeks, read by a parallel scan of all 150,000; 4,570 open episodes)
 * and looked up each one's patient: 38 and 26 ms of an 80 ms request, at 23 req/s under 10
 * connections. An index of the practice's living, numbered patients that carries the id and the NHS
 * number is read index-only and hash-joined, and the admissions' time ranges come from their own
 * indexes: 10-13 ms and 14 ms, with no parallel workers.
 */
export class IndexMdtAgendaSources1796600000000 implements MigrationInterface {
  name = 'IndexMdtAgendaSources1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_patients_living_numbered_practice" ON "patients" ("gp_practice_ods") INCLUDE ("id", "nhs_number") WHERE "deceased_at" IS NULL AND "nhs_number" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "idx_admissions_admitted_at" ON "admissions" ("admitted_at")`);
    await queryRunner.query(`CREATE INDEX "idx_admissions_discharged_at" ON "admissions" ("discharged_at") WHERE "discharged_at" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_admissions_discharged_at"`);
    await queryRunner.query(`DROP INDEX "idx_admissions_admitted_at"`);
    await queryRunner.query(`DROP INDEX "idx_patients_living_numbered_practice"`);
  }
}
