import { MigrationInterface, QueryRunner } from "typeorm";

/** Bed requests now point at real referrals and admissions (both capabilities exist). */

export class LinkBedRequests1795431196309 implements MigrationInterface {
    name = 'LinkBedRequests1795431196309'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "bed_requests"
            ADD CONSTRAINT "fk_bed_requests_referral" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_requests"
            ADD CONSTRAINT "fk_bed_requests_admission" FOREIGN KEY ("admission_id") REFERENCES "admissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "bed_requests" DROP CONSTRAINT "fk_bed_requests_admission"
        `);
        await queryRunner.query(`
            ALTER TABLE "bed_requests" DROP CONSTRAINT "fk_bed_requests_referral"
        `);
    }

}
