import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Access is not involvement (issue 14): explicit involvement additions, team subscriptions, and
 * the stored `admissions.known_to` derived again as involvement only (practice alignment and the
 * registered practice give access, not "known to the team").
 */
export class CreateInvolvement1795440014000 implements MigrationInterface {
    name = 'CreateInvolvement1795440014000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "patient_involvements" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "team_code" character varying(32) NOT NULL,
                "reason" character varying(500) NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "added_by" character varying(128) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_patient_involvements_dates" CHECK (ends_at > starts_at),
                CONSTRAINT "PK_25120612b44627a2c5c771ab7a8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_patient_involvements_patient" ON "patient_involvements" ("patient_id", "ends_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "team_subscriptions" (
                "team_code" character varying(32) NOT NULL,
                "admissions_of_aligned_practices" boolean NOT NULL DEFAULT false,
                "updated_by" character varying(128) NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b6d1fc7ff79728ef4287a2133b8" PRIMARY KEY ("team_code")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_involvements"
            ADD CONSTRAINT "fk_patient_involvements_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_involvements"
            ADD CONSTRAINT "fk_patient_involvements_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "team_subscriptions"
            ADD CONSTRAINT "fk_team_subscriptions_team" FOREIGN KEY ("team_code") REFERENCES "teams"("code") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        // Hand-written: derive involvement from what is stored. An admission's known_to kept every
        // relationship at the time, practice alignment included; keep only the involvement ones, so
        // "admissions of known patients" counts patients known to a team (down() leaves them out:
        // alignment was never involvement).
        await queryRunner.query(`
            UPDATE admissions SET known_to = COALESCE((
                SELECT jsonb_agg(e ORDER BY e->>'teamCode', e->>'relationship') FROM jsonb_array_elements(known_to) e
                WHERE e->>'relationship' NOT IN ('gp_practice_alignment', 'registered_practice')), '[]'::jsonb)
            WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(known_to) e WHERE e->>'relationship' IN ('gp_practice_alignment', 'registered_practice'))
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "team_subscriptions" DROP CONSTRAINT "fk_team_subscriptions_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_involvements" DROP CONSTRAINT "fk_patient_involvements_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "patient_involvements" DROP CONSTRAINT "fk_patient_involvements_patient"
        `);
        await queryRunner.query(`DROP TABLE "team_subscriptions"`);
        await queryRunner.query(`DROP INDEX "public"."idx_patient_involvements_patient"`);
        await queryRunner.query(`DROP TABLE "patient_involvements"`);
    }
}
