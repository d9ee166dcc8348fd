import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Admissions (with delays) and the webhook outbox: events, webhooks, deliveries and the attempt
 * log. Generated from the entities, then reviewed: no hand-written parts. The unique constraint on
 * (patient_id, hospital_ods, admitted_at) makes posting an admission idempotent; the partial index
 * on pending deliveries' next_attempt_at serves the dispatcher's FOR UPDATE SKIP LOCKED claim.
 */

export class CreateAdmissionsAndWebhooks1795430512951 implements MigrationInterface {
    name = 'CreateAdmissionsAndWebhooks1795430512951'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "admissions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "hospital_ods" character varying(12) NOT NULL,
                "ward" character varying(64),
                "admitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "method" character varying(16) NOT NULL,
                "reason" text,
                "status" character varying(16) NOT NULL DEFAULT 'inpatient',
                "readmission" boolean NOT NULL DEFAULT false,
                "previous_admission_id" uuid,
                "idt_team_code" character varying(32),
                "known_to" jsonb NOT NULL DEFAULT '[]',
                "alerts_raised" integer NOT NULL DEFAULT '0',
                "estimated_discharge_date" date,
                "medically_optimised_at" TIMESTAMP WITH TIME ZONE,
                "discharged_at" TIMESTAMP WITH TIME ZONE,
                "destination" character varying(24),
                "delayed_days" integer,
                "created_by" character varying(128) NOT NULL,
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_admissions_patient_hospital_admitted" UNIQUE ("patient_id", "hospital_ods", "admitted_at"),
                CONSTRAINT "chk_admissions_times" CHECK (
                    (
                        discharged_at IS NULL
                        OR discharged_at >= admitted_at
                    )
                    AND (
                        medically_optimised_at IS NULL
                        OR medically_optimised_at >= admitted_at
                    )
                ),
                CONSTRAINT "chk_admissions_discharged" CHECK (
                    (status = 'discharged') = (
                        discharged_at IS NOT NULL
                        AND destination IS NOT NULL
                    )
                ),
                CONSTRAINT "chk_admissions_destination" CHECK (
                    destination IS NULL
                    OR destination IN (
                        'usual_residence',
                        'step_down_bed',
                        'care_home_new',
                        'other_hospital',
                        'died',
                        'other'
                    )
                ),
                CONSTRAINT "chk_admissions_method" CHECK (method IN ('emergency', 'elective')),
                CONSTRAINT "chk_admissions_status" CHECK (status IN ('inpatient', 'discharged')),
                CONSTRAINT "PK_6d47682a899dfa0a78ce11fe98a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_admissions_optimised" ON "admissions" ("medically_optimised_at", "id")
            WHERE status = 'inpatient'
                AND medically_optimised_at IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_admissions_status_admitted" ON "admissions" ("status", "admitted_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_admissions_patient_discharged" ON "admissions" ("patient_id", "discharged_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "admission_delays" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "admission_id" uuid NOT NULL,
                "reason" character varying(32) NOT NULL,
                "notes" text,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_by" character varying(128) NOT NULL,
                CONSTRAINT "chk_admission_delays_reason" CHECK (
                    reason IN (
                        'patient_choice',
                        'awaiting_equipment',
                        'awaiting_care_home',
                        'awaiting_package_of_care',
                        'awaiting_community_bed',
                        'awaiting_assessment',
                        'other'
                    )
                ),
                CONSTRAINT "PK_47f3cb0bf6bf4dec20ad7d56152" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_admission_delays_admission" ON "admission_delays" ("admission_id", "recorded_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhooks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "url" character varying(2000) NOT NULL,
                "events" text array NOT NULL,
                "secret" character varying(200) NOT NULL,
                "description" character varying(200),
                "active" boolean NOT NULL DEFAULT true,
                "created_by" character varying(128) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "outbox_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "type" character varying(64) NOT NULL,
                "payload" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_outbox_events_created" ON "outbox_events" ("created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "webhook_id" uuid NOT NULL,
                "event_id" uuid NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "lease_until" TIMESTAMP WITH TIME ZONE,
                "last_response_status" integer,
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_webhook_deliveries_event" UNIQUE ("webhook_id", "event_id"),
                CONSTRAINT "chk_webhook_deliveries_status" CHECK (status IN ('pending', 'delivered', 'failed')),
                CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_webhook_deliveries_webhook" ON "webhook_deliveries" ("webhook_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_delivery_attempts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "delivery_id" uuid NOT NULL,
                "attempt" integer NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "outcome" character varying(16) NOT NULL,
                "response_status" integer,
                "error" character varying(200),
                "duration_ms" integer NOT NULL,
                CONSTRAINT "uq_webhook_delivery_attempts" UNIQUE ("delivery_id", "attempt"),
                CONSTRAINT "PK_59ef9124585b56c18b98548a0c6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "admissions"
            ADD CONSTRAINT "fk_admissions_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "admissions"
            ADD CONSTRAINT "fk_admissions_hospital" FOREIGN KEY ("hospital_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "admissions"
            ADD CONSTRAINT "fk_admissions_idt_team" FOREIGN KEY ("idt_team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "admission_delays"
            ADD CONSTRAINT "fk_admission_delays_admission" FOREIGN KEY ("admission_id") REFERENCES "admissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "fk_webhook_deliveries_webhook" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_delivery_attempts"
            ADD CONSTRAINT "fk_webhook_delivery_attempts_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "fk_webhook_delivery_attempts_delivery"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_event"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_webhook"
        `);
        await queryRunner.query(`
            ALTER TABLE "admission_delays" DROP CONSTRAINT "fk_admission_delays_admission"
        `);
        await queryRunner.query(`
            ALTER TABLE "admissions" DROP CONSTRAINT "fk_admissions_idt_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "admissions" DROP CONSTRAINT "fk_admissions_hospital"
        `);
        await queryRunner.query(`
            ALTER TABLE "admissions" DROP CONSTRAINT "fk_admissions_patient"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_delivery_attempts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_webhook_deliveries_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_webhook_deliveries_webhook"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_outbox_events_created"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox_events"
        `);
        await queryRunner.query(`
            DROP TABLE "webhooks"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_admission_delays_admission"
        `);
        await queryRunner.query(`
            DROP TABLE "admission_delays"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_admissions_patient_discharged"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_admissions_status_admitted"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_admissions_optimised"
        `);
        await queryRunner.query(`
            DROP TABLE "admissions"
        `);
    }

}
