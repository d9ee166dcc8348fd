import { MigrationInterface, QueryRunner } from "typeorm";

/** Issue 14: who recorded a care plan agreement, and on whose behalf a GP agreement was recorded. */
export class RecordGpAgreementOnBehalf1795440014300 implements MigrationInterface {
    name = 'RecordGpAgreementOnBehalf1795440014300'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "care_plan_agreements" ADD "recorded_by_name" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "care_plan_agreements" ADD "recorded_on_behalf_of" character varying(200)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "care_plan_agreements" DROP COLUMN "recorded_on_behalf_of"`);
        await queryRunner.query(`ALTER TABLE "care_plan_agreements" DROP COLUMN "recorded_by_name"`);
    }
}
