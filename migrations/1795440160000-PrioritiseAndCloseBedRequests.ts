import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: community beds put clinical urgency first.
 * - bed_allocations records whether a decision went against the mix because of clinical priority,
 *   and also logs requests the service closed without a bed (a step-up request that expired, or
 *   whose patient was admitted to an acute hospital): `event` 'closed', no bed or stay.
 * - bed_requests gains the status `expired`, the cause of an automatic close, and where a request
 *   came from (`source`): a request raised by a referral or an admission is raised once, enforced
 *   by partial unique indexes.
 * - bed_units may choose the basis of its mix (admissions or bed-days; null: the service default).
 */
export class PrioritiseAndCloseBedRequests1795440160000 implements MigrationInterface {
  name = 'PrioritiseAndCloseBedRequests1795440160000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "bed_allocations"
        ADD "event" character varying(16) NOT NULL DEFAULT 'offer',
        ADD "against_mix_for_priority" boolean NOT NULL DEFAULT false,
        ALTER COLUMN "unit_id" DROP NOT NULL,
        ALTER COLUMN "bed_id" DROP NOT NULL,
        ALTER COLUMN "stay_id" DROP NOT NULL,
        DROP CONSTRAINT "chk_bed_allocations_reason",
        DROP CONSTRAINT "chk_bed_allocations_trigger",
        ADD CONSTRAINT "chk_bed_allocations_reason" CHECK (
          reason IN ('only_eligible_request', 'waited_beyond_limit', 'under_target_direction', 'priority', 'longest_wait',
                     'expired', 'admitted_to_hospital')
        ),
        ADD CONSTRAINT "chk_bed_allocations_trigger" CHECK (
          trigger IN ('request_arrived', 'bed_added', 'bed_ready', 'bed_reopened', 'bed_changed', 'offer_declined',
                      'request_cancelled', 'sweep', 'hospital_admission')
        ),
        ADD CONSTRAINT "chk_bed_allocations_event" CHECK (event IN ('offer', 'closed')),
        ADD CONSTRAINT "chk_bed_allocations_offer_has_bed" CHECK (
          event <> 'offer' OR (unit_id IS NOT NULL AND bed_id IS NOT NULL AND stay_id IS NOT NULL)
        )
    `);
    await queryRunner.query(`
      ALTER TABLE "bed_requests"
        ADD "close_cause" character varying(32),
        ADD "source" character varying(16) NOT NULL DEFAULT 'manual',
        DROP CONSTRAINT "chk_bed_requests_status",
        ADD CONSTRAINT "chk_bed_requests_status" CHECK (status IN ('waiting', 'offered', 'admitted', 'cancelled', 'expired')),
        ADD CONSTRAINT "chk_bed_requests_close_cause" CHECK (close_cause IN ('expired', 'admitted_to_hospital')),
        ADD CONSTRAINT "chk_bed_requests_source" CHECK (source IN ('manual', 'referral', 'admission'))
    `);
    // A referral raises its step-up request once, an admission its step-down request once, whatever the concurrency.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_bed_requests_referral_source" ON "bed_requests" ("referral_id") WHERE source = 'referral'
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_bed_requests_admission_source" ON "bed_requests" ("admission_id") WHERE source = 'admission'
    `);
    await queryRunner.query(`
      ALTER TABLE "bed_units"
        ADD "mix_basis" character varying(16),
        ADD CONSTRAINT "chk_bed_units_mix_basis" CHECK (mix_basis IN ('admissions', 'bed_days'))
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bed_units" DROP CONSTRAINT "chk_bed_units_mix_basis", DROP COLUMN "mix_basis"`);
    await queryRunner.query(`DROP INDEX "public"."uq_bed_requests_admission_source"`);
    await queryRunner.query(`DROP INDEX "public"."uq_bed_requests_referral_source"`);
    await queryRunner.query(`UPDATE "bed_requests" SET status = 'cancelled' WHERE status = 'expired'`);
    await queryRunner.query(`
      ALTER TABLE "bed_requests"
        DROP CONSTRAINT "chk_bed_requests_source",
        DROP CONSTRAINT "chk_bed_requests_close_cause",
        DROP CONSTRAINT "chk_bed_requests_status",
        ADD CONSTRAINT "chk_bed_requests_status" CHECK (status IN ('waiting', 'offered', 'admitted', 'cancelled')),
        DROP COLUMN "source",
        DROP COLUMN "close_cause"
    `);
    // Closures have no bed: they cannot survive the old shape of the (append-only) log.
    await queryRunner.query(`ALTER TABLE "bed_allocations" DISABLE TRIGGER "trg_bed_allocations_append_only"`);
    await queryRunner.query(`DELETE FROM "bed_allocations" WHERE event <> 'offer'`);
    await queryRunner.query(`ALTER TABLE "bed_allocations" ENABLE TRIGGER "trg_bed_allocations_append_only"`);
    await queryRunner.query(`
      ALTER TABLE "bed_allocations"
        DROP CONSTRAINT "chk_bed_allocations_offer_has_bed",
        DROP CONSTRAINT "chk_bed_allocations_event",
        DROP CONSTRAINT "chk_bed_allocations_trigger",
        DROP CONSTRAINT "chk_bed_allocations_reason",
        ADD CONSTRAINT "chk_bed_allocations_reason" CHECK (
          reason IN ('only_eligible_request', 'waited_beyond_limit', 'under_target_direction', 'priority', 'longest_wait')
        ),
        ADD CONSTRAINT "chk_bed_allocations_trigger" CHECK (
          trigger IN ('request_arrived', 'bed_added', 'bed_ready', 'bed_reopened', 'bed_changed', 'offer_declined',
                      'request_cancelled', 'sweep')
        ),
        ALTER COLUMN "stay_id" SET NOT NULL,
        ALTER COLUMN "bed_id" SET NOT NULL,
        ALTER COLUMN "unit_id" SET NOT NULL,
        DROP COLUMN "against_mix_for_priority",
        DROP COLUMN "event"
    `);
  }
}
