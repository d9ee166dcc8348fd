import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateMdt1795431152905 implements MigrationInterface {
    name = 'CreateMdt1795431152905'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Hand-written: btree_gist lets the attendee exclusion constraint compare staff_id with = next to the range &&.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
        await queryRunner.query(`
            CREATE TABLE "mdt_series" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "practice_ods" character varying(12) NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "recurrence" character varying(200) NOT NULL,
                "start_time" character varying(5) NOT NULL,
                "timezone" character varying(64) NOT NULL,
                "first_date" date NOT NULL,
                "duration_minutes" integer NOT NULL,
                "minutes_per_patient" integer NOT NULL,
                "core_roles" character varying(64) array NOT NULL DEFAULT '{}',
                "created_by" character varying(128) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_mdt_series_minutes" CHECK (
                    duration_minutes > 0
                    AND minutes_per_patient > 0
                ),
                CONSTRAINT "PK_2ba9871a9d395f652258d0401f4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "mdt_meetings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "series_id" uuid,
                "series_starts_at" TIMESTAMP WITH TIME ZONE,
                "practice_ods" character varying(12) NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'scheduled',
                "minutes_per_patient" integer NOT NULL,
                "core_roles" character varying(64) array NOT NULL DEFAULT '{}',
                "cancel_reason" character varying(500),
                "sequence" integer NOT NULL DEFAULT '0',
                "agenda_generated_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_mdt_meetings_series_start" UNIQUE ("series_id", "series_starts_at"),
                CONSTRAINT "chk_mdt_meetings_status" CHECK (status IN ('scheduled', 'cancelled')),
                CONSTRAINT "chk_mdt_meetings_time" CHECK (ends_at > starts_at),
                CONSTRAINT "PK_37ce1a972e3a066e81ff24dc17f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_mdt_meetings_team_start" ON "mdt_meetings" ("team_code", "starts_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_mdt_meetings_practice_start" ON "mdt_meetings" ("practice_ods", "starts_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "mdt_attendees" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "meeting_id" uuid NOT NULL,
                "staff_id" character varying(128) NOT NULL,
                "name" character varying(200) NOT NULL,
                "role" character varying(64) NOT NULL,
                "during" tstzrange NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "added_by" character varying(128) NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_mdt_attendees_meeting_staff" UNIQUE ("meeting_id", "staff_id"),
                CONSTRAINT "ex_mdt_attendees_no_double_booking" EXCLUDE USING gist ("staff_id" WITH =, "during" WITH &&)
                WHERE ("active"),
                    CONSTRAINT "PK_46315c9c68a185a7575b85d55a6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "mdt_agenda_items" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "meeting_id" uuid NOT NULL,
                "patient_id" uuid NOT NULL,
                "reason" character varying(64) NOT NULL,
                "reasons" character varying(64) array NOT NULL DEFAULT '{}',
                "detail" character varying(500),
                "source" character varying(16) NOT NULL,
                "status" character varying(16) NOT NULL,
                "position" integer NOT NULL,
                "minutes" integer NOT NULL,
                "added_by" character varying(128) NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_mdt_agenda_items_meeting_patient" UNIQUE ("meeting_id", "patient_id"),
                CONSTRAINT "chk_mdt_agenda_items_source" CHECK (source IN ('generated', 'rolled_over', 'manual')),
                CONSTRAINT "chk_mdt_agenda_items_status" CHECK (status IN ('scheduled', 'overflow', 'removed')),
                CONSTRAINT "PK_85edff710c19d423406fa2567d8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_mdt_agenda_items_patient" ON "mdt_agenda_items" ("patient_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "mdt_outcomes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "meeting_id" uuid NOT NULL,
                "patient_id" uuid NOT NULL,
                "discussed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "summary" text NOT NULL,
                "decisions" jsonb NOT NULL DEFAULT '[]',
                "actions" jsonb NOT NULL DEFAULT '[]',
                "care_plan_agreed" boolean,
                "episode_transition" jsonb,
                "recorded_by" character varying(128) NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_mdt_outcomes_meeting_patient" UNIQUE ("meeting_id", "patient_id"),
                CONSTRAINT "PK_24a6b0402756db0168d0106098c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_mdt_outcomes_patient_discussed" ON "mdt_outcomes" ("patient_id", "discussed_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_series"
            ADD CONSTRAINT "fk_mdt_series_practice" FOREIGN KEY ("practice_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_series"
            ADD CONSTRAINT "fk_mdt_series_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_meetings"
            ADD CONSTRAINT "fk_mdt_meetings_series" FOREIGN KEY ("series_id") REFERENCES "mdt_series"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_meetings"
            ADD CONSTRAINT "fk_mdt_meetings_practice" FOREIGN KEY ("practice_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_meetings"
            ADD CONSTRAINT "fk_mdt_meetings_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_attendees"
            ADD CONSTRAINT "fk_mdt_attendees_meeting" FOREIGN KEY ("meeting_id") REFERENCES "mdt_meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_agenda_items"
            ADD CONSTRAINT "fk_mdt_agenda_items_meeting" FOREIGN KEY ("meeting_id") REFERENCES "mdt_meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_agenda_items"
            ADD CONSTRAINT "fk_mdt_agenda_items_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_outcomes"
            ADD CONSTRAINT "fk_mdt_outcomes_meeting" FOREIGN KEY ("meeting_id") REFERENCES "mdt_meetings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_outcomes"
            ADD CONSTRAINT "fk_mdt_outcomes_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "mdt_outcomes" DROP CONSTRAINT "fk_mdt_outcomes_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_outcomes" DROP CONSTRAINT "fk_mdt_outcomes_meeting"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_agenda_items" DROP CONSTRAINT "fk_mdt_agenda_items_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_agenda_items" DROP CONSTRAINT "fk_mdt_agenda_items_meeting"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_attendees" DROP CONSTRAINT "fk_mdt_attendees_meeting"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_meetings" DROP CONSTRAINT "fk_mdt_meetings_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_meetings" DROP CONSTRAINT "fk_mdt_meetings_practice"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_meetings" DROP CONSTRAINT "fk_mdt_meetings_series"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_series" DROP CONSTRAINT "fk_mdt_series_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "mdt_series" DROP CONSTRAINT "fk_mdt_series_practice"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_mdt_outcomes_patient_discussed"
        `);
        await queryRunner.query(`
            DROP TABLE "mdt_outcomes"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_mdt_agenda_items_patient"
        `);
        await queryRunner.query(`
            DROP TABLE "mdt_agenda_items"
        `);
        await queryRunner.query(`
            DROP TABLE "mdt_attendees"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_mdt_meetings_practice_start"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_mdt_meetings_team_start"
        `);
        await queryRunner.query(`
            DROP TABLE "mdt_meetings"
        `);
        await queryRunner.query(`
            DROP TABLE "mdt_series"
        `);
        // Hand-written mirror of the extension created in up().
        await queryRunner.query(`DROP EXTENSION IF EXISTS btree_gist`);
    }

}
