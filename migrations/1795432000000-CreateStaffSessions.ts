import { MigrationInterface, QueryRunner } from "typeorm";

/** Server-side dashboard sessions (OIDC sign-in): sign-out revokes the row, so a copied cookie opens nothing afterwards. */

export class CreateStaffSessions1795432000000 implements MigrationInterface {
    name = 'CreateStaffSessions1795432000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "staff_sessions" (
                "token_hash" character(64) NOT NULL,
                "sub" character varying(128) NOT NULL,
                "name" character varying(200),
                "roles" character varying(64) array NOT NULL DEFAULT '{}',
                "teams" character varying(64) array NOT NULL DEFAULT '{}',
                "org" character varying(12),
                "csrf_token" character varying(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_staff_sessions" PRIMARY KEY ("token_hash")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_staff_sessions_expires" ON "staff_sessions" ("expires_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "staff_sessions" ADD CONSTRAINT "chk_staff_sessions_expiry" CHECK ("expires_at" > "created_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "staff_sessions"`);
    }

}
