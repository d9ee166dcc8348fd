import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Step-up / step-down beds: units, beds, requests, stays and the allocation decision log.
 * Generated from the entities, then reviewed. Hand-written at the end of up(): the partial unique
 * indexes that make "no bed holds two active stays, no patient holds two beds, one open request per
 * patient" database facts, and the append-only trigger on the decision log.
 * bed_requests.referral_id / admission_id are plain uuids: the referrals and admissions tables do
 * not exist yet; a later migration adds the foreign keys.
 */

export class CreateBeds1795429700000 implements MigrationInterface {
    name = 'CreateBeds1795429700000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "bed_units" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "organisation_ods" character varying(12) NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "setting" character varying(32) NOT NULL,
                "locality" character varying(64) NOT NULL,
                "step_down_target" double precision NOT NULL,
                "window_days" integer NOT NULL,
                "allowed_purposes" text array,
                "mix_status" character varying(16) NOT NULL DEFAULT 'on_target',
                "mix_excursions" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_bed_units_mix_status" CHECK (mix_status IN ('below', 'on_target', 'above')),
                CONSTRAINT "chk_bed_units_window" CHECK (
                    window_days >= 1
                    AND window_days <= 365
                ),
                CONSTRAINT "chk_bed_units_target" CHECK (
                    step_down_target >= 0
                    AND step_down_target <= 1
                ),
                CONSTRAINT "chk_bed_units_setting" CHECK (
                    setting IN (
                        'community_hospital',
                        'care_home',
                        'extra_care_housing',
                        'integrated_care_centre'
                    )
                ),
                CONSTRAINT "PK_d661dc0126e283e9f09b813c009" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_units_team" ON "bed_units" ("team_code")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_units_locality" ON "bed_units" ("locality")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_bed_units_organisation_name" ON "bed_units" ("organisation_ods", "name")
        `);
        await queryRunner.query(`
            CREATE TABLE "bed_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "direction" character varying(16) NOT NULL,
                "referral_id" uuid,
                "admission_id" uuid,
                "needs" text array NOT NULL,
                "purpose" character varying(32),
                "priority" character varying(16) NOT NULL,
                "earliest_at" TIMESTAMP WITH TIME ZONE,
                "preferred_locality" character varying(64),
                "unit_id" uuid,
                "excluded_unit_ids" uuid array NOT NULL,
                "status" character varying(16) NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "requested_by_sub" character varying(128) NOT NULL,
                "requested_by_team" character varying(32),
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                "cancel_reason" character varying(500),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_bed_requests_purpose" CHECK (
                    purpose IN (
                        'comprehensive_assessment',
                        'nursing_rehabilitation',
                        'carer_respite',
                        'reablement',
                        'end_of_life_care',
                        'other'
                    )
                ),
                CONSTRAINT "chk_bed_requests_status" CHECK (
                    status IN ('waiting', 'offered', 'admitted', 'cancelled')
                ),
                CONSTRAINT "chk_bed_requests_priority" CHECK (priority IN ('urgent', 'routine')),
                CONSTRAINT "chk_bed_requests_direction" CHECK (direction IN ('step_down', 'step_up')),
                CONSTRAINT "PK_c1520beaa3a117cf54318995d8d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_requests_patient" ON "bed_requests" ("patient_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_requests_referral" ON "bed_requests" ("referral_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_requests_admission" ON "bed_requests" ("admission_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_requests_status" ON "bed_requests" ("status", "requested_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "beds" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "unit_id" uuid NOT NULL,
                "label" character varying(32) NOT NULL,
                "capabilities" text array NOT NULL,
                "state" character varying(16) NOT NULL,
                "closed_reason" character varying(200),
                "free_since" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_beds_state" CHECK (state IN ('open', 'cleaning', 'closed')),
                CONSTRAINT "PK_2212ae7113d85a70dc65983e742" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_beds_state_unit" ON "beds" ("state", "unit_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_beds_unit_label" ON "beds" ("unit_id", "label")
        `);
        await queryRunner.query(`
            CREATE TABLE "bed_stays" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "request_id" uuid NOT NULL,
                "bed_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "patient_id" uuid NOT NULL,
                "direction" character varying(16) NOT NULL,
                "status" character varying(16) NOT NULL,
                "offered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "admitted_at" TIMESTAMP WITH TIME ZONE,
                "discharged_at" TIMESTAMP WITH TIME ZONE,
                "discharge_destination" character varying(32),
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "end_reason" character varying(500),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_bed_stays_discharged" CHECK (
                    (discharged_at IS NOT NULL) = (status = 'discharged')
                    AND (
                        discharged_at IS NULL
                        OR discharged_at >= admitted_at
                    )
                ),
                CONSTRAINT "chk_bed_stays_admitted" CHECK (
                    (admitted_at IS NOT NULL) = (status IN ('occupied', 'discharged'))
                ),
                CONSTRAINT "chk_bed_stays_destination" CHECK (
                    discharge_destination IN (
                        'usual_residence',
                        'care_home',
                        'hospital',
                        'other_community_bed',
                        'died',
                        'other'
                    )
                ),
                CONSTRAINT "chk_bed_stays_direction" CHECK (direction IN ('step_down', 'step_up')),
                CONSTRAINT "chk_bed_stays_status" CHECK (
                    status IN (
                        'offered',
                        'occupied',
                        'discharged',
                        'declined',
                        'withdrawn'
                    )
                ),
                CONSTRAINT "PK_00b2c4926615b42f67e3eb49958" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_stays_request" ON "bed_stays" ("request_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_stays_bed" ON "bed_stays" ("bed_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_stays_patient" ON "bed_stays" ("patient_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_stays_unit_admitted" ON "bed_stays" ("unit_id", "admitted_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_stays_unit_offered" ON "bed_stays" ("unit_id", "offered_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_stays_unit_discharged" ON "bed_stays" ("unit_id", "discharged_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "bed_allocations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "unit_id" uuid NOT NULL,
                "bed_id" uuid NOT NULL,
                "request_id" uuid NOT NULL,
                "stay_id" uuid NOT NULL,
                "direction" character varying(16) NOT NULL,
                "reason" character varying(32) NOT NULL,
                "trigger" character varying(32) NOT NULL,
                "step_down_share_before" double precision,
                "target" double precision NOT NULL,
                "under_target_direction" character varying(16),
                "under_target_direction_waiting" boolean,
                "eligible_step_down" integer NOT NULL,
                "eligible_step_up" integer NOT NULL,
                "ineligible_waiting" integer NOT NULL,
                "waited_seconds" integer NOT NULL,
                "idle_seconds_while_waiting" integer NOT NULL,
                CONSTRAINT "chk_bed_allocations_direction" CHECK (direction IN ('step_down', 'step_up')),
                CONSTRAINT "chk_bed_allocations_trigger" CHECK (
                    trigger IN (
                        'request_arrived',
                        'bed_added',
                        'bed_ready',
                        'bed_reopened',
                        'bed_changed',
                        'offer_declined',
                        'request_cancelled',
                        'sweep'
                    )
                ),
                CONSTRAINT "chk_bed_allocations_reason" CHECK (
                    reason IN (
                        'only_eligible_request',
                        'waited_beyond_limit',
                        'under_target_direction',
                        'priority',
                        'longest_wait'
                    )
                ),
                CONSTRAINT "PK_f069a52a3b7f0139b83c47f2589" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_allocations_request" ON "bed_allocations" ("request_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_allocations_at" ON "bed_allocations" ("at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_bed_allocations_unit_at" ON "bed_allocations" ("unit_id", "at")
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_units"
            ADD CONSTRAINT "fk_bed_units_organisation" FOREIGN KEY ("organisation_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_units"
            ADD CONSTRAINT "fk_bed_units_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_requests"
            ADD CONSTRAINT "fk_bed_requests_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_requests"
            ADD CONSTRAINT "fk_bed_requests_unit" FOREIGN KEY ("unit_id") REFERENCES "bed_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "beds"
            ADD CONSTRAINT "fk_beds_unit" FOREIGN KEY ("unit_id") REFERENCES "bed_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays"
            ADD CONSTRAINT "fk_bed_stays_request" FOREIGN KEY ("request_id") REFERENCES "bed_requests"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays"
            ADD CONSTRAINT "fk_bed_stays_bed" FOREIGN KEY ("bed_id") REFERENCES "beds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays"
            ADD CONSTRAINT "fk_bed_stays_unit" FOREIGN KEY ("unit_id") REFERENCES "bed_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays"
            ADD CONSTRAINT "fk_bed_stays_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations"
            ADD CONSTRAINT "fk_bed_allocations_unit" FOREIGN KEY ("unit_id") REFERENCES "bed_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations"
            ADD CONSTRAINT "fk_bed_allocations_bed" FOREIGN KEY ("bed_id") REFERENCES "beds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations"
            ADD CONSTRAINT "fk_bed_allocations_request" FOREIGN KEY ("request_id") REFERENCES "bed_requests"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations"
            ADD CONSTRAINT "fk_bed_allocations_stay" FOREIGN KEY ("stay_id") REFERENCES "bed_stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // --- hand-written ---
        // One active (offered or occupied) stay per bed, per patient and per request, whatever the concurrency.
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_bed_stays_active_bed" ON "bed_stays" ("bed_id") WHERE status IN ('offered', 'occupied')
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_bed_stays_active_patient" ON "bed_stays" ("patient_id") WHERE status IN ('offered', 'occupied')
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_bed_stays_active_request" ON "bed_stays" ("request_id") WHERE status IN ('offered', 'occupied')
        `);
        // One open (waiting or offered) request per patient.
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_bed_requests_open_patient" ON "bed_requests" ("patient_id") WHERE status IN ('waiting', 'offered')
        `);
        // The decision log is append-only.
        await queryRunner.query(`
            CREATE FUNCTION bed_allocations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'bed_allocations is append-only';
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "trg_bed_allocations_append_only" BEFORE UPDATE OR DELETE ON "bed_allocations"
            FOR EACH ROW EXECUTE FUNCTION bed_allocations_append_only()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_bed_allocations_append_only" ON "bed_allocations"`);
        await queryRunner.query(`DROP FUNCTION bed_allocations_append_only()`);
        await queryRunner.query(`DROP INDEX "public"."uq_bed_requests_open_patient"`);
        await queryRunner.query(`DROP INDEX "public"."uq_bed_stays_active_request"`);
        await queryRunner.query(`DROP INDEX "public"."uq_bed_stays_active_patient"`);
        await queryRunner.query(`DROP INDEX "public"."uq_bed_stays_active_bed"`);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations" DROP CONSTRAINT "fk_bed_allocations_stay"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations" DROP CONSTRAINT "fk_bed_allocations_request"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations" DROP CONSTRAINT "fk_bed_allocations_bed"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_allocations" DROP CONSTRAINT "fk_bed_allocations_unit"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays" DROP CONSTRAINT "fk_bed_stays_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays" DROP CONSTRAINT "fk_bed_stays_unit"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays" DROP CONSTRAINT "fk_bed_stays_bed"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_stays" DROP CONSTRAINT "fk_bed_stays_request"
        `);
        await queryRunner.query(`
            ALTER TABLE "beds" DROP CONSTRAINT "fk_beds_unit"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_requests" DROP CONSTRAINT "fk_bed_requests_unit"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_requests" DROP CONSTRAINT "fk_bed_requests_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_units" DROP CONSTRAINT "fk_bed_units_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_units" DROP CONSTRAINT "fk_bed_units_organisation"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_allocations_unit_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_allocations_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_allocations_request"
        `);
        await queryRunner.query(`
            DROP TABLE "bed_allocations"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_stays_unit_discharged"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_stays_unit_offered"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_stays_unit_admitted"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_stays_patient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_stays_bed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_stays_request"
        `);
        await queryRunner.query(`
            DROP TABLE "bed_stays"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_beds_unit_label"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_beds_state_unit"
        `);
        await queryRunner.query(`
            DROP TABLE "beds"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_requests_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_requests_admission"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_requests_referral"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_requests_patient"
        `);
        await queryRunner.query(`
            DROP TABLE "bed_requests"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_bed_units_organisation_name"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_units_locality"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_bed_units_team"
        `);
        await queryRunner.query(`
            DROP TABLE "bed_units"
        `);
    }

}
