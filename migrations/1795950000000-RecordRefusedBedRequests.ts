import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16: bed requests refused on arrival (no capable bed) count as unmet demand. */
export class RecordRefusedBedRequests1795950000000 implements MigrationInterface {
  name = 'RecordRefusedBedRequests1795950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "bed_request_refusals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "refused_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "direction" character varying(9) NOT NULL,
                "priority" character varying(8) NOT NULL,
                "needs" text array NOT NULL DEFAULT '{}',
                "cause" character varying(24) NOT NULL,
                "requested_by_team" character varying(32),
                CONSTRAINT "chk_bed_request_refusals_direction" CHECK (direction IN ('step_up', 'step_down')),
                CONSTRAINT "chk_bed_request_refusals_cause" CHECK (cause IN ('no_capable_bed', 'purpose_not_accepted')),
                CONSTRAINT "PK_bed_request_refusals" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`CREATE INDEX "idx_bed_request_refusals_at" ON "bed_request_refusals" ("refused_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_bed_request_refusals_at"`);
    await queryRunner.query(`DROP TABLE "bed_request_refusals"`);
  }
}
