import { MigrationInterface, QueryRunner } from "typeorm";

/** The discharge workspace (issue 19): dated history, coded delays, midnight delayed-patient snapshots. */

export class CreateDischargeWorkspace1795942129809 implements MigrationInterface {
    name = 'CreateDischargeWorkspace1795942129809'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "discharge_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "admission_id" uuid NOT NULL,
                "kind" character varying(32) NOT NULL,
                "value" character varying(16),
                "ready_date" date,
                "notes" text,
                "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_by" character varying(128) NOT NULL,
                "recorded_by_name" character varying(200),
                CONSTRAINT "chk_discharge_events_value" CHECK (
                    (
                        kind IN (
                            'clinically_ready',
                            'mdt_agreed',
                            'safe_to_transfer'
                        )
                        AND value IN ('ready', 'not_ready')
                        AND ready_date IS NULL
                    )
                    OR (
                        kind = 'criteria_to_reside'
                        AND value IN ('meets', 'does_not_meet')
                        AND ready_date IS NULL
                    )
                    OR (
                        kind = 'pathway'
                        AND value IN ('0', '1', '2', '3')
                        AND ready_date IS NULL
                    )
                    OR (
                        kind = 'discharge_ready_date'
                        AND value IS NULL
                    )
                ),
                CONSTRAINT "chk_discharge_events_kind" CHECK (
                    kind IN (
                        'clinically_ready',
                        'mdt_agreed',
                        'safe_to_transfer',
                        'criteria_to_reside',
                        'discharge_ready_date',
                        'pathway'
                    )
                ),
                CONSTRAINT "PK_a288226c014a2cb91776807f747" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_discharge_events_admission" ON "discharge_events" ("admission_id", "kind", "effective_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "discharge_delays" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "admission_id" uuid NOT NULL,
                "code" character varying(48) NOT NULL,
                "attribution" character varying(16) NOT NULL,
                "notes" text,
                "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_by" character varying(128) NOT NULL,
                CONSTRAINT "chk_discharge_delays_attribution" CHECK (attribution IN ('nhs', 'social_care', 'both')),
                CONSTRAINT "chk_discharge_delays_code" CHECK (
                    code IN (
                        'awaiting_medical_decision',
                        'awaiting_therapy_assessment',
                        'awaiting_social_care_assessment',
                        'awaiting_community_equipment',
                        'awaiting_pathway_1_home_support',
                        'awaiting_pathway_1_reablement',
                        'awaiting_pathway_2_bed',
                        'awaiting_pathway_3_care_home',
                        'awaiting_nursing_home',
                        'awaiting_hospice_or_end_of_life',
                        'awaiting_mental_health_placement',
                        'awaiting_transport',
                        'awaiting_housing',
                        'patient_or_family_choice',
                        'disputes',
                        'safeguarding',
                        'repatriation',
                        'other'
                    )
                ),
                CONSTRAINT "PK_565a62d840b01ec7263f8e82085" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_discharge_delays_admission" ON "discharge_delays" ("admission_id", "effective_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "discharge_snapshot_days" (
                "day" date NOT NULL,
                "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "dtoc_patients" integer NOT NULL,
                "nctr_patients" integer NOT NULL,
                CONSTRAINT "PK_0ea4d709d802431655390772aa6" PRIMARY KEY ("day")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "discharge_delay_snapshots" (
                "day" date NOT NULL,
                "admission_id" uuid NOT NULL,
                "hospital_ods" character varying(12) NOT NULL,
                "setting" character varying(12) NOT NULL,
                "practice_ods" character varying(12),
                "age" integer NOT NULL,
                "dtoc" boolean NOT NULL,
                "nctr" boolean NOT NULL,
                "ready_since" TIMESTAMP WITH TIME ZONE,
                "discharge_ready_date" date,
                "delay_code" character varying(48),
                "attribution" character varying(16),
                "pathway" character varying(1),
                CONSTRAINT "chk_discharge_delay_snapshots_flags" CHECK (
                    dtoc
                    OR nctr
                ),
                CONSTRAINT "chk_discharge_delay_snapshots_attribution" CHECK (
                    attribution IS NULL
                    OR attribution IN ('nhs', 'social_care', 'both')
                ),
                CONSTRAINT "chk_discharge_delay_snapshots_setting" CHECK (setting IN ('acute', 'community')),
                CONSTRAINT "PK_096a8db62e6021d6fae6a6df1b4" PRIMARY KEY ("day", "admission_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_discharge_delay_snapshots_practice" ON "discharge_delay_snapshots" ("practice_ods", "day")
        `);
        await queryRunner.query(`
            ALTER TABLE "discharge_events"
            ADD CONSTRAINT "fk_discharge_events_admission" FOREIGN KEY ("admission_id") REFERENCES "admissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "discharge_delays"
            ADD CONSTRAINT "fk_discharge_delays_admission" FOREIGN KEY ("admission_id") REFERENCES "admissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "discharge_delay_snapshots"
            ADD CONSTRAINT "fk_discharge_delay_snapshots_admission" FOREIGN KEY ("admission_id") REFERENCES "admissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "discharge_delay_snapshots"
            ADD CONSTRAINT "fk_discharge_delay_snapshots_day" FOREIGN KEY ("day") REFERENCES "discharge_snapshot_days"("day") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        // Hand-written: the workspace history is append-only (a correction is a new entry), so a
        // past midnight's state can always be read again.
        await queryRunner.query(`
            CREATE FUNCTION discharge_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'discharge history is append-only'; END $$
        `);
        await queryRunner.query(`CREATE TRIGGER "trg_discharge_events_append_only" BEFORE UPDATE ON "discharge_events" FOR EACH ROW EXECUTE FUNCTION discharge_history_append_only()`);
        await queryRunner.query(`CREATE TRIGGER "trg_discharge_delays_append_only" BEFORE UPDATE ON "discharge_delays" FOR EACH ROW EXECUTE FUNCTION discharge_history_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_discharge_delays_append_only" ON "discharge_delays"`);
        await queryRunner.query(`DROP TRIGGER "trg_discharge_events_append_only" ON "discharge_events"`);
        await queryRunner.query(`DROP FUNCTION discharge_history_append_only()`);
        await queryRunner.query(`
            ALTER TABLE "discharge_delay_snapshots" DROP CONSTRAINT "fk_discharge_delay_snapshots_day"
        `);
        await queryRunner.query(`
            ALTER TABLE "discharge_delay_snapshots" DROP CONSTRAINT "fk_discharge_delay_snapshots_admission"
        `);
        await queryRunner.query(`
            ALTER TABLE "discharge_delays" DROP CONSTRAINT "fk_discharge_delays_admission"
        `);
        await queryRunner.query(`
            ALTER TABLE "discharge_events" DROP CONSTRAINT "fk_discharge_events_admission"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_discharge_delay_snapshots_practice"
        `);
        await queryRunner.query(`
            DROP TABLE "discharge_delay_snapshots"
        `);
        await queryRunner.query(`
            DROP TABLE "discharge_snapshot_days"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_discharge_delays_admission"
        `);
        await queryRunner.query(`
            DROP TABLE "discharge_delays"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_discharge_events_admission"
        `);
        await queryRunner.query(`
            DROP TABLE "discharge_events"
        `);
    }

}
