import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Care plan versions, agreements and consents are append-only. A patient merge must move them to
 * the surviving record: the trigger now lets through exactly one kind of UPDATE, a change of
 * patient_id and nothing else, and only in a transaction that set app.patient_merge = 'on'
 * (PatientMergeService, set_config(..., true): transaction-local). Deletes stay refused.
 */
export class AllowPatientMergeOnCarePlans1795440014200 implements MigrationInterface {
    name = 'AllowPatientMergeOnCarePlans1795440014200'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION care_plans_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND current_setting('app.patient_merge', true) = 'on'
                   AND (to_jsonb(NEW) - 'patient_id') = (to_jsonb(OLD) - 'patient_id') THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END
            $$
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION care_plans_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END
            $$
        `);
    }
}
