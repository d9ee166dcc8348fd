import { MigrationInterface, QueryRunner } from "typeorm";

/** Care homes: registered beds and the support team alerted when a resident is admitted (issue 19). */

export class CreateCareHomeProfiles1795944592735 implements MigrationInterface {
    name = 'CreateCareHomeProfiles1795944592735'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "care_home_profiles" (
                "ods_code" character varying(12) NOT NULL,
                "beds" integer NOT NULL,
                "support_team_code" character varying(32),
                "updated_by" character varying(128) NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_care_home_profiles_beds" CHECK (beds > 0),
                CONSTRAINT "PK_6f613f085dc95fb5e35b43a3ace" PRIMARY KEY ("ods_code")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "care_home_profiles"
            ADD CONSTRAINT "fk_care_home_profiles_organisation" FOREIGN KEY ("ods_code") REFERENCES "organisations"("ods_code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "care_home_profiles"
            ADD CONSTRAINT "fk_care_home_profiles_team" FOREIGN KEY ("support_team_code") REFERENCES "teams"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "care_home_profiles" DROP CONSTRAINT "fk_care_home_profiles_team"
        `);
        await queryRunner.query(`
            ALTER TABLE "care_home_profiles" DROP CONSTRAINT "fk_care_home_profiles_organisation"
        `);
        await queryRunner.query(`
            DROP TABLE "care_home_profiles"
        `);
    }

}
