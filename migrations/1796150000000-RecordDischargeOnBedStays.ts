import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: community (step-up / step-down) bed stays carry the discharge workspace like hospital
 * admissions, and the midnight snapshot counts them. Each discharge table names its subject by one
 * of two nullable keys, `admission_id` or `bed_stay_id`, exactly one set (a CHECK). The snapshot is
 * keyed on (day, patient): a patient counts once a day whatever bed they are in; the subject is
 * unique per day too.
 */
export class RecordDischargeOnBedStays1796150000000 implements MigrationInterface {
  name = 'RecordDischargeOnBedStays1796150000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of [
      ['discharge_events', '("bed_stay_id", "kind", "effective_at")'],
      ['discharge_delays', '("bed_stay_id", "effective_at")'],
    ]) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "bed_stay_id" uuid`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "admission_id" DROP NOT NULL`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "chk_${table}_subject" CHECK (num_nonnulls(admission_id, bed_stay_id) = 1)`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_bed_stay" FOREIGN KEY ("bed_stay_id") REFERENCES "bed_stays"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
      await queryRunner.query(`CREATE INDEX "idx_${table}_bed_stay" ON "${table}" ${index}`);
    }

    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" ADD "patient_id" uuid`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" ADD "bed_stay_id" uuid`);
    // Hand-written: the patient of each row taken so far; a patient counted twice on one day (two
    // admissions open at the same midnight) keeps one row, and the day's counts follow.
    await queryRunner.query(`UPDATE "discharge_delay_snapshots" s SET patient_id = a.patient_id FROM admissions a WHERE a.id = s.admission_id`);
    await queryRunner.query(`
            DELETE FROM "discharge_delay_snapshots" s USING "discharge_delay_snapshots" t
            WHERE s.day = t.day AND s.patient_id = t.patient_id AND s.admission_id > t.admission_id
        `);
    await queryRunner.query(`
            UPDATE "discharge_snapshot_days" d SET dtoc_patients = c.dtoc, nctr_patients = c.nctr
            FROM (SELECT day, count(*) FILTER (WHERE dtoc)::int AS dtoc, count(*) FILTER (WHERE nctr)::int AS nctr FROM "discharge_delay_snapshots" GROUP BY day) c
            WHERE c.day = d.day AND (d.dtoc_patients, d.nctr_patients) <> (c.dtoc, c.nctr)
        `);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" ALTER COLUMN "patient_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" DROP CONSTRAINT "PK_096a8db62e6021d6fae6a6df1b4"`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" ALTER COLUMN "admission_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" ADD CONSTRAINT "PK_85e274c1dab6a4cd0bb9e74d9fa" PRIMARY KEY ("day", "patient_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_discharge_delay_snapshots_admission" ON "discharge_delay_snapshots" ("day", "admission_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_discharge_delay_snapshots_bed_stay" ON "discharge_delay_snapshots" ("day", "bed_stay_id")`);
    await queryRunner.query(`
            ALTER TABLE "discharge_delay_snapshots" ADD CONSTRAINT "chk_discharge_delay_snapshots_subject"
            CHECK (num_nonnulls(admission_id, bed_stay_id) = 1 AND (bed_stay_id IS NULL OR setting = 'community'))
        `);
    await queryRunner.query(
      `ALTER TABLE "discharge_delay_snapshots" ADD CONSTRAINT "fk_discharge_delay_snapshots_bed_stay" FOREIGN KEY ("bed_stay_id") REFERENCES "bed_stays"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Hand-written: bed-stay entries have no place in the older schema; the days' counts follow.
    await queryRunner.query(`DELETE FROM "discharge_delay_snapshots" WHERE bed_stay_id IS NOT NULL`);
    await queryRunner.query(`
            UPDATE "discharge_snapshot_days" d
            SET dtoc_patients = (SELECT count(*) FROM "discharge_delay_snapshots" s WHERE s.day = d.day AND s.dtoc),
                nctr_patients = (SELECT count(*) FROM "discharge_delay_snapshots" s WHERE s.day = d.day AND s.nctr)
        `);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" DROP CONSTRAINT "fk_discharge_delay_snapshots_bed_stay"`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" DROP CONSTRAINT "chk_discharge_delay_snapshots_subject"`);
    await queryRunner.query(`DROP INDEX "public"."uq_discharge_delay_snapshots_bed_stay"`);
    await queryRunner.query(`DROP INDEX "public"."uq_discharge_delay_snapshots_admission"`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" DROP CONSTRAINT "PK_85e274c1dab6a4cd0bb9e74d9fa"`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" ALTER COLUMN "admission_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" ADD CONSTRAINT "PK_096a8db62e6021d6fae6a6df1b4" PRIMARY KEY ("day", "admission_id")`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" DROP COLUMN "bed_stay_id"`);
    await queryRunner.query(`ALTER TABLE "discharge_delay_snapshots" DROP COLUMN "patient_id"`);
    for (const table of ['discharge_delays', 'discharge_events']) {
      await queryRunner.query(`DELETE FROM "${table}" WHERE bed_stay_id IS NOT NULL`);
      await queryRunner.query(`DROP INDEX "public"."idx_${table}_bed_stay"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "fk_${table}_bed_stay"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "chk_${table}_subject"`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "admission_id" SET NOT NULL`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "bed_stay_id"`);
    }
  }
}
