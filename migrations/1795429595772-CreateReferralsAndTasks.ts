import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Referrals (single point of access), their routed parts (destinations) and history, and team
 * tasks. Generated from the entities, then reviewed. Indexes serve the triage queue and team
 * worklists at 100,000 referrals: open rows split by clock state (running, stopped late, stopped
 * in time) into partial indexes on (respond_by, id), so "breached first, then respondBy" is a
 * merge of range scans; the breach check has partial indexes on un-alerted running clocks.
 * Hand-written at the end of up(): one open part per service per referral, and append-only history.
 */

export class CreateReferralsAndTasks1795429595772 implements MigrationInterface {
    name = 'CreateReferralsAndTasks1795429595772'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "referrals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "status" character varying(24) NOT NULL,
                "urgency" character varying(8) NOT NULL,
                "requested_service" character varying(32),
                "needs" text array NOT NULL DEFAULT '{}',
                "reason" text NOT NULL,
                "source_type" character varying(24) NOT NULL,
                "source_organisation_ods" character varying(12),
                "source_name" character varying(200),
                "source_contact" character varying(200),
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "respond_by" TIMESTAMP WITH TIME ZONE NOT NULL,
                "breach_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "spoa_team_code" character varying(32) NOT NULL,
                "duplicate_of" uuid,
                "created_by" character varying(128) NOT NULL,
                "created_by_name" character varying(200),
                "created_by_org" character varying(12),
                "triage_decision" character varying(24),
                "triaged_at" TIMESTAMP WITH TIME ZONE,
                "triaged_by" character varying(128),
                "triage_notes" text,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "closed_reason" text,
                "breach_alerted_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_referrals_triage_decision" CHECK (
                    triage_decision IS NULL
                    OR triage_decision IN ('accept', 'return_to_referrer', 'decline')
                ),
                CONSTRAINT "chk_referrals_requested_service" CHECK (
                    requested_service IS NULL
                    OR requested_service IN (
                        'rapid_response',
                        'intermediate_care',
                        'step_up_bed',
                        'neighbourhood_care_team',
                        'dementia_crisis',
                        'falls_prevention',
                        'care_home_support',
                        'social_care',
                        'mental_health',
                        'voluntary_sector'
                    )
                ),
                CONSTRAINT "chk_referrals_source_type" CHECK (
                    source_type IN (
                        'self',
                        'carer',
                        'gp',
                        'ae',
                        'ambulance',
                        'care_home',
                        'social_care',
                        'hospital_discharge',
                        'voluntary',
                        'other_professional'
                    )
                ),
                CONSTRAINT "chk_referrals_urgency" CHECK (urgency IN ('crisis', 'urgent', 'routine')),
                CONSTRAINT "chk_referrals_status" CHECK (
                    status IN (
                        'awaiting_triage',
                        'accepted',
                        'in_progress',
                        'completed',
                        'returned_to_referrer',
                        'declined',
                        'cancelled'
                    )
                ),
                CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_duplicate_of" ON "referrals" ("duplicate_of")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_triage_breach_due" ON "referrals" ("respond_by")
            WHERE status = 'awaiting_triage'
                AND breach_alerted_at IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_queue_in_time" ON "referrals" ("respond_by", "id")
            WHERE status IN ('awaiting_triage', 'accepted', 'in_progress')
                AND breach_at = '9999-12-31 00:00:00+00'
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_queue_late" ON "referrals" ("respond_by", "id")
            WHERE status IN ('awaiting_triage', 'accepted', 'in_progress')
                AND breach_at = '1970-01-01 00:00:00+00'
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_queue_running" ON "referrals" ("respond_by", "id")
            WHERE status IN ('awaiting_triage', 'accepted', 'in_progress')
                AND breach_at = respond_by
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_created_by_org" ON "referrals" ("created_by_org", "respond_by", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_status_queue" ON "referrals" ("status", "respond_by", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referrals_patient" ON "referrals" ("patient_id", "received_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "referral_destinations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "referral_id" uuid NOT NULL,
                "position" smallint NOT NULL,
                "service" character varying(32) NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "status" character varying(24) NOT NULL,
                "respond_by" TIMESTAMP WITH TIME ZONE NOT NULL,
                "breach_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "routing_basis" character varying(16) NOT NULL,
                "routed_out_of_hours" boolean NOT NULL DEFAULT false,
                "routing_reason" text,
                "accepted_at" TIMESTAMP WITH TIME ZONE,
                "assigned_to" character varying(128),
                "first_contact_at" TIMESTAMP WITH TIME ZONE,
                "first_contact_by" character varying(128),
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "outcome" character varying(32),
                "outcome_notes" text,
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                "breach_alerted_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_referral_destinations_routing_basis" CHECK (
                    routing_basis IN (
                        'named',
                        'practice',
                        'locality',
                        'ccg_wide',
                        'out_of_hours',
                        'reassigned'
                    )
                ),
                CONSTRAINT "chk_referral_destinations_outcome" CHECK (
                    outcome IS NULL
                    OR outcome IN (
                        'remained_at_home',
                        'admitted_to_hospital',
                        'step_up_bed',
                        'onward_referral',
                        'signposted',
                        'declined_by_patient',
                        'died'
                    )
                ),
                CONSTRAINT "chk_referral_destinations_service" CHECK (
                    service IN (
                        'rapid_response',
                        'intermediate_care',
                        'step_up_bed',
                        'neighbourhood_care_team',
                        'dementia_crisis',
                        'falls_prevention',
                        'care_home_support',
                        'social_care',
                        'mental_health',
                        'voluntary_sector'
                    )
                ),
                CONSTRAINT "chk_referral_destinations_status" CHECK (
                    status IN (
                        'awaiting_acceptance',
                        'accepted',
                        'in_progress',
                        'completed',
                        'cancelled'
                    )
                ),
                CONSTRAINT "PK_03a6af3ba47638ac2a3b0aaebd2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referral_destinations_breach_due" ON "referral_destinations" ("respond_by")
            WHERE status IN ('awaiting_acceptance', 'accepted')
                AND breach_alerted_at IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referral_destinations_team_in_time" ON "referral_destinations" ("team_code", "respond_by", "id")
            WHERE status IN ('awaiting_acceptance', 'accepted', 'in_progress')
                AND breach_at = '9999-12-31 00:00:00+00'
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referral_destinations_team_late" ON "referral_destinations" ("team_code", "respond_by", "id")
            WHERE status IN ('awaiting_acceptance', 'accepted', 'in_progress')
                AND breach_at = '1970-01-01 00:00:00+00'
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referral_destinations_team_running" ON "referral_destinations" ("team_code", "respond_by", "id")
            WHERE status IN ('awaiting_acceptance', 'accepted', 'in_progress')
                AND breach_at = respond_by
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referral_destinations_team_status" ON "referral_destinations" ("team_code", "status", "respond_by", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_referral_destinations_position" ON "referral_destinations" ("referral_id", "position")
        `);
        await queryRunner.query(`
            CREATE TABLE "referral_events" (
                "id" BIGSERIAL NOT NULL,
                "referral_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "actor_sub" character varying(128) NOT NULL,
                "actor_name" character varying(200),
                "action" character varying(32) NOT NULL,
                "from_value" character varying(32),
                "to_value" character varying(32),
                "reason" text,
                "team_code" character varying(32),
                "destination_id" uuid,
                "detail" jsonb,
                CONSTRAINT "PK_850a7d8ea24a8e90aba261d0190" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_referral_events_referral" ON "referral_events" ("referral_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "tasks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "type" character varying(48) NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "patient_id" uuid,
                "title" character varying(200) NOT NULL,
                "detail" text,
                "status" character varying(8) NOT NULL DEFAULT 'open',
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "source_type" character varying(32) NOT NULL,
                "source_id" character varying(64),
                "dedupe_key" character varying(200),
                "assignee" character varying(128),
                "assigned_at" TIMESTAMP WITH TIME ZONE,
                "outcome" text,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "completed_by" character varying(128),
                "created_by" character varying(128),
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_tasks_done" CHECK ((status = 'done') = (completed_at IS NOT NULL)),
                CONSTRAINT "chk_tasks_status" CHECK (status IN ('open', 'done')),
                CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_patient" ON "tasks" ("patient_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tasks_dedupe_key" ON "tasks" ("dedupe_key")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_source" ON "tasks" ("source_type", "source_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee", "status", "due_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_team_status_due" ON "tasks" ("team_code", "status", "due_at", "id")
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "fk_referrals_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "fk_referrals_spoa_team" FOREIGN KEY ("spoa_team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "fk_referrals_duplicate_of" FOREIGN KEY ("duplicate_of") REFERENCES "referrals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "referral_destinations"
            ADD CONSTRAINT "fk_referral_destinations_referral" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "referral_destinations"
            ADD CONSTRAINT "fk_referral_destinations_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "referral_events"
            ADD CONSTRAINT "fk_referral_events_referral" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD CONSTRAINT "fk_tasks_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD CONSTRAINT "fk_tasks_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // --- hand-written ---
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_referral_destinations_open_service" ON "referral_destinations" ("referral_id", "service")
            WHERE status IN ('awaiting_acceptance', 'accepted', 'in_progress')
        `);
        await queryRunner.query(`
            CREATE FUNCTION referral_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'referral_events is append-only';
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "trg_referral_events_append_only" BEFORE UPDATE OR DELETE ON "referral_events"
            FOR EACH ROW EXECUTE FUNCTION referral_events_append_only()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_referral_events_append_only" ON "referral_events"`);
        await queryRunner.query(`DROP FUNCTION referral_events_append_only()`);
        await queryRunner.query(`DROP INDEX "public"."uq_referral_destinations_open_service"`);
        await queryRunner.query(`
            ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "referral_events" DROP CONSTRAINT "fk_referral_events_referral"
        `);
        await queryRunner.query(`
            ALTER TABLE "referral_destinations" DROP CONSTRAINT "fk_referral_destinations_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "referral_destinations" DROP CONSTRAINT "fk_referral_destinations_referral"
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "fk_referrals_duplicate_of"
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "fk_referrals_spoa_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "fk_referrals_patient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_tasks_team_status_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_tasks_assignee"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_tasks_source"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_tasks_dedupe_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_tasks_patient"
        `);
        await queryRunner.query(`
            DROP TABLE "tasks"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referral_events_referral"
        `);
        await queryRunner.query(`
            DROP TABLE "referral_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_referral_destinations_position"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referral_destinations_team_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referral_destinations_team_running"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referral_destinations_team_late"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referral_destinations_team_in_time"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referral_destinations_breach_due"
        `);
        await queryRunner.query(`
            DROP TABLE "referral_destinations"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_patient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_status_queue"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_created_by_org"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_queue_running"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_queue_late"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_queue_in_time"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_triage_breach_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_referrals_duplicate_of"
        `);
        await queryRunner.query(`
            DROP TABLE "referrals"
        `);
    }

}
