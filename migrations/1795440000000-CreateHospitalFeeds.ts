import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Hospital feeds (issue 15): HL7 messages (exactly once per sender and MSH-10, dead letters), A&E
 * attendances with their in-reach clock, and `cancelled` admissions (HL7 A11). Hand-written from the
 * entities; the migrations test checks it against them.
 */
export class CreateHospitalFeeds1795440000000 implements MigrationInterface {
    name = 'CreateHospitalFeeds1795440000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "hl7_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "sender" character varying(64) NOT NULL,
                "control_id" character varying(199) NOT NULL,
                "hospital_ods" character varying(12),
                "event" character varying(8),
                "status" character varying(12) NOT NULL,
                "ack_code" character varying(2) NOT NULL,
                "reason_code" character varying(48),
                "reason" text,
                "raw" text,
                "patient_id" uuid,
                "event_at" TIMESTAMP WITH TIME ZONE,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "processed_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '1',
                CONSTRAINT "uq_hl7_messages_sender_control" UNIQUE ("sender", "control_id"),
                CONSTRAINT "chk_hl7_messages_raw" CHECK ((status = 'processed') = (raw IS NULL)),
                CONSTRAINT "chk_hl7_messages_ack" CHECK (ack_code IN ('AA', 'AE', 'AR')),
                CONSTRAINT "chk_hl7_messages_status" CHECK (status IN ('processed', 'failed', 'waiting')),
                CONSTRAINT "PK_hl7_messages" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`CREATE INDEX "idx_hl7_messages_status_received" ON "hl7_messages" ("status", "received_at", "id")`);
        await queryRunner.query(`CREATE INDEX "idx_hl7_messages_waiting_patient" ON "hl7_messages" ("patient_id", "event_at") WHERE status = 'waiting'`);
        await queryRunner.query(`CREATE INDEX "idx_hl7_messages_sender_received" ON "hl7_messages" ("sender", "received_at")`);
        await queryRunner.query(`
            CREATE TABLE "ae_attendances" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "patient_id" uuid NOT NULL,
                "hospital_ods" character varying(12) NOT NULL,
                "arrived_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "respond_by" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" character varying(12) NOT NULL DEFAULT 'waiting',
                "team_codes" jsonb NOT NULL DEFAULT '[]',
                "stopped_at" TIMESTAMP WITH TIME ZONE,
                "breach_alerted_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_ae_attendances_patient_hospital_arrived" UNIQUE ("patient_id", "hospital_ods", "arrived_at"),
                CONSTRAINT "chk_ae_attendances_stopped" CHECK ((status = 'waiting') = (stopped_at IS NULL)),
                CONSTRAINT "chk_ae_attendances_status" CHECK (status IN ('waiting', 'seen', 'left')),
                CONSTRAINT "PK_ae_attendances" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`CREATE INDEX "idx_ae_attendances_due" ON "ae_attendances" ("respond_by", "id") WHERE status = 'waiting' AND breach_alerted_at IS NULL`);
        await queryRunner.query(`
            ALTER TABLE "ae_attendances"
            ADD CONSTRAINT "fk_ae_attendances_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            CREATE TABLE "fhir_encounters" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "identifier_system" character varying(200) NOT NULL,
                "identifier_value" character varying(120) NOT NULL,
                "phase" character varying(12) NOT NULL,
                "admission_id" uuid,
                "attendance_id" uuid,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_fhir_encounters_identifier" UNIQUE ("identifier_system", "identifier_value"),
                CONSTRAINT "PK_fhir_encounters" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`ALTER TABLE "admissions" DROP CONSTRAINT "chk_admissions_status"`);
        await queryRunner.query(`ALTER TABLE "admissions" ADD CONSTRAINT "chk_admissions_status" CHECK (status IN ('inpatient', 'discharged', 'cancelled'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "admissions" DROP CONSTRAINT "chk_admissions_status"`);
        await queryRunner.query(`ALTER TABLE "admissions" ADD CONSTRAINT "chk_admissions_status" CHECK (status IN ('inpatient', 'discharged'))`);
        await queryRunner.query(`DROP TABLE "fhir_encounters"`);
        await queryRunner.query(`ALTER TABLE "ae_attendances" DROP CONSTRAINT "fk_ae_attendances_patient"`);
        await queryRunner.query(`DROP TABLE "ae_attendances"`);
        await queryRunner.query(`DROP TABLE "hl7_messages"`);
    }

}
