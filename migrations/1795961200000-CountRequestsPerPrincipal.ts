import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 item 7: request counters shared by every instance, per user or client address per
 * one-minute window. UNLOGGED (no WAL, not replicated: a crash or failover only resets the
 * counters) with room on each page for HOT updates of the hit count.
 */
export class CountRequestsPerPrincipal1795961200000 implements MigrationInterface {
  name = 'CountRequestsPerPrincipal1795961200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE UNLOGGED TABLE "rate_limit_counters" (
                "bucket" character varying(200) NOT NULL,
                "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
                "hits" integer NOT NULL,
                CONSTRAINT "pk_rate_limit_counters" PRIMARY KEY ("bucket", "window_start")
            ) WITH (fillfactor = 70)
        `);
    await queryRunner.query(`CREATE INDEX "idx_rate_limit_counters_window" ON "rate_limit_counters" ("window_start")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_rate_limit_counters_window"`);
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
