import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Foundation schema: reference data (organisations, teams, practice alignment), patients,
 * the append-only audit log, alerts and idempotency keys. Generated from the entities, then
 * reviewed; the hand-written part is at the end of up(): the audit log refuses UPDATE/DELETE,
 * and the (family name, date of birth) search index.
 */

export class CreateFoundation1795425651865 implements MigrationInterface {
    name = 'CreateFoundation1795425651865'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" BIGSERIAL NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "actor_sub" character varying(128) NOT NULL,
                "actor_name" character varying(200),
                "actor_roles" text array NOT NULL,
                "actor_org" character varying(12),
                "actor_teams" text array NOT NULL,
                "action" character varying(64) NOT NULL,
                "nhs_number" character(10),
                "patient_id" uuid,
                "resource_type" character varying(64) NOT NULL,
                "resource_id" character varying(128),
                "outcome" character varying(16) NOT NULL,
                "reason" text,
                "correlation_id" character varying(128),
                CONSTRAINT "chk_audit_outcome" CHECK (outcome IN ('allowed', 'denied', 'break_glass')),
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_at" ON "audit_events" ("at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_actor" ON "audit_events" ("actor_sub", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_nhs_number" ON "audit_events" ("nhs_number", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "actor_sub" character varying(128) NOT NULL,
                "key" character varying(200) NOT NULL,
                "method" character varying(8) NOT NULL,
                "path" character varying(300) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "status_code" integer,
                "response_body" jsonb,
                "location" character varying(300),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1ce06b62d0653c636108426d05a" PRIMARY KEY ("actor_sub", "key")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "organisations" (
                "ods_code" character varying(12) NOT NULL,
                "name" character varying(200) NOT NULL,
                "type" character varying(32) NOT NULL,
                "locality" character varying(64),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_organisations_type" CHECK (
                    type IN (
                        'gp_practice',
                        'ccg',
                        'acute_trust',
                        'community_trust',
                        'mental_health_trust',
                        'local_authority',
                        'care_home',
                        'voluntary',
                        'ambulance'
                    )
                ),
                CONSTRAINT "PK_c557538202635451b2cd6c604bd" PRIMARY KEY ("ods_code")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "teams" (
                "code" character varying(32) NOT NULL,
                "name" character varying(200) NOT NULL,
                "type" character varying(32) NOT NULL,
                "organisation_ods" character varying(12) NOT NULL,
                "locality" character varying(64),
                "operating_hours" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_teams_type" CHECK (
                    type IN (
                        'single_point_of_access',
                        'neighbourhood_care_team',
                        'rapid_response',
                        'intermediate_care',
                        'integrated_discharge_team',
                        'dementia_crisis',
                        'falls_prevention',
                        'care_home_support',
                        'social_care',
                        'mental_health',
                        'voluntary_sector'
                    )
                ),
                CONSTRAINT "PK_7bf0cfd599b5e34fa917a78d28f" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_teams_organisation" ON "teams" ("organisation_ods")
        `);
        await queryRunner.query(`
            CREATE TABLE "team_practices" (
                "team_code" character varying(32) NOT NULL,
                "practice_ods" character varying(12) NOT NULL,
                CONSTRAINT "PK_40e0a51fd63d3d23393c366d218" PRIMARY KEY ("team_code", "practice_ods")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_team_practices_practice" ON "team_practices" ("practice_ods")
        `);
        await queryRunner.query(`
            CREATE TABLE "patients" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "nhs_number" character(10),
                "nhs_number_verified" boolean NOT NULL DEFAULT false,
                "needs_tracing" boolean NOT NULL DEFAULT false,
                "given_name" character varying(100) NOT NULL,
                "family_name" character varying(100) NOT NULL,
                "date_of_birth" date NOT NULL,
                "sex" character varying(16),
                "address" jsonb,
                "phone" character varying(32),
                "gp_practice_ods" character varying(12),
                "care_home_resident" boolean NOT NULL DEFAULT false,
                "lives_alone" boolean NOT NULL DEFAULT false,
                "deceased_at" TIMESTAMP WITH TIME ZONE,
                "care_coordinator_team_code" character varying(32),
                "care_coordinator_staff_id" character varying(128),
                "care_coordinator_name" character varying(200),
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_patients_identifiable" CHECK (
                    nhs_number IS NOT NULL
                    OR needs_tracing
                ),
                CONSTRAINT "chk_patients_nhs_number" CHECK (nhs_number ~ '^[0-9]{10}$'),
                CONSTRAINT "PK_a7f0b9fcbb3469d5ec0b0aceaa7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_patients_nhs_number" ON "patients" ("nhs_number")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_patients_practice" ON "patients" ("gp_practice_ods")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_patients_care_coordinator_team" ON "patients" ("care_coordinator_team_code")
        `);
        await queryRunner.query(`
            CREATE TABLE "alerts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "type" character varying(32) NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "patient_id" uuid,
                "status" character varying(16) NOT NULL DEFAULT 'open',
                "detail" jsonb NOT NULL,
                "dedupe_key" character varying(200),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_by" character varying(128),
                CONSTRAINT "chk_alerts_status" CHECK (status IN ('open', 'acknowledged')),
                CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_alerts_patient" ON "alerts" ("patient_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_alerts_dedupe_key" ON "alerts" ("dedupe_key")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_alerts_team_status" ON "alerts" ("team_code", "status", "created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "teams"
            ADD CONSTRAINT "fk_teams_organisation" FOREIGN KEY ("organisation_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "team_practices"
            ADD CONSTRAINT "fk_team_practices_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "team_practices"
            ADD CONSTRAINT "fk_team_practices_practice" FOREIGN KEY ("practice_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "patients"
            ADD CONSTRAINT "fk_patients_practice" FOREIGN KEY ("gp_practice_ods") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "patients"
            ADD CONSTRAINT "fk_patients_care_coordinator_team" FOREIGN KEY ("care_coordinator_team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "alerts"
            ADD CONSTRAINT "fk_alerts_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "alerts"
            ADD CONSTRAINT "fk_alerts_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // --- hand-written ---
        await queryRunner.query(`
            CREATE INDEX "idx_patients_family_dob" ON "patients" (lower("family_name"), "date_of_birth")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_idempotency_keys_created" ON "idempotency_keys" ("created_at")
        `);
        await queryRunner.query(`
            CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only';
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "trg_audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_audit_events_append_only" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
        await queryRunner.query(`DROP INDEX "public"."idx_idempotency_keys_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_patients_family_dob"`);
        await queryRunner.query(`
            ALTER TABLE "alerts" DROP CONSTRAINT "fk_alerts_patient"
        `);
        await queryRunner.query(`
            ALTER TABLE "alerts" DROP CONSTRAINT "fk_alerts_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "patients" DROP CONSTRAINT "fk_patients_care_coordinator_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "patients" DROP CONSTRAINT "fk_patients_practice"
        `);
        await queryRunner.query(`
            ALTER TABLE "team_practices" DROP CONSTRAINT "fk_team_practices_practice"
        `);
        await queryRunner.query(`
            ALTER TABLE "team_practices" DROP CONSTRAINT "fk_team_practices_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "teams" DROP CONSTRAINT "fk_teams_organisation"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_alerts_team_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_alerts_dedupe_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_alerts_patient"
        `);
        await queryRunner.query(`
            DROP TABLE "alerts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_patients_care_coordinator_team"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_patients_practice"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_patients_nhs_number"
        `);
        await queryRunner.query(`
            DROP TABLE "patients"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_team_practices_practice"
        `);
        await queryRunner.query(`
            DROP TABLE "team_practices"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_teams_organisation"
        `);
        await queryRunner.query(`
            DROP TABLE "teams"
        `);
        await queryRunner.query(`
            DROP TABLE "organisations"
        `);
        await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_nhs_number"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_actor"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_at"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
    }

}
