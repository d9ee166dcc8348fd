import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 (the audit trail at county volume): when each admission's estimated discharge date was
 * first set is read from the audit trail (EDD_FIRST_SET, for the discharge board and the EDD
 * within-24-hours measure) by scanning every audit row since the earliest admission on the board
 * or in the period, and keeping the few that record an EDD. At 100,000 audit rows a day that scan
 * took 213 ms for a week, 808 ms for 30 days and 1.6 s for 60 (a long stay keeps the board's
 * window open that long); a county writes about 275,000 a day. A partial index holds only those
 * rows: 2, 16 and 24 ms. Built on the partitioned parent, so every month gets its own.
 */
export class IndexEstimatedDischargeAudit1796500000000 implements MigrationInterface {
  name = 'IndexEstimatedDischargeAudit1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_audit_edd_set" ON "audit_events" ("at") WHERE action = 'admission.estimated_discharge' AND outcome = 'allowed' AND resource_type = 'admission'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_audit_edd_set"`);
  }
}
