import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 14: a best_interests sharing decision records the decision maker and whether a lasting
 * power of attorney for health and welfare exists. Decisions recorded before this did not ask: the
 * check is NOT VALID (enforced for every new row, old rows left as they were, never invented).
 */
export class RecordBestInterestsDecisionMaker1795440014400 implements MigrationInterface {
    name = 'RecordBestInterestsDecisionMaker1795440014400'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "care_plan_consents" ADD "decision_maker" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "care_plan_consents" ADD "health_and_welfare_lpa" boolean`);
        await queryRunner.query(`ALTER TABLE "care_plan_consents" ADD "decision_maker_is_attorney" boolean`);
        await queryRunner.query(`
            ALTER TABLE "care_plan_consents" ADD CONSTRAINT "chk_care_plan_consents_best_interests"
            CHECK (decision <> 'best_interests' OR (decision_maker IS NOT NULL AND health_and_welfare_lpa IS NOT NULL)) NOT VALID
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "care_plan_consents" DROP CONSTRAINT "chk_care_plan_consents_best_interests"`);
        await queryRunner.query(`ALTER TABLE "care_plan_consents" DROP COLUMN "decision_maker_is_attorney"`);
        await queryRunner.query(`ALTER TABLE "care_plan_consents" DROP COLUMN "health_and_welfare_lpa"`);
        await queryRunner.query(`ALTER TABLE "care_plan_consents" DROP COLUMN "decision_maker"`);
    }
}
