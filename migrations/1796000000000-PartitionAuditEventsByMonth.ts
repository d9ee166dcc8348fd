import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: audit_events grows by ~100 million rows a year at county scale, so it is partitioned
 * by month (native range partitioning on `at`). Writes and the auditor's queries (by NHS number,
 * by actor, by time) touch only the months they need, and old months are detached and archived
 * whole (docs/scaling.md: retention). A DEFAULT partition means a write never fails for want of a
 * month; `audit_events_ensure_partitions(from, to)` creates months ahead (at every start and by a
 * daily job) and moves any row that landed in the default partition into its month.
 * The primary key becomes (id, at): a partitioned table's keys must include the partition column.
 */
/** audit_events' columns and check, the same partitioned (up) and not (down). */
const COLUMNS = `"id" bigint NOT NULL DEFAULT nextval('audit_events_id_seq'),
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
                CONSTRAINT "chk_audit_outcome" CHECK (outcome IN ('allowed', 'denied', 'break_glass')),`;

const INDEXES = [
  `CREATE INDEX "idx_audit_at" ON "audit_events" ("at")`,
  `CREATE INDEX "idx_audit_actor" ON "audit_events" ("actor_sub", "id")`,
  `CREATE INDEX "idx_audit_nhs_number" ON "audit_events" ("nhs_number", "id")`,
];

const APPEND_ONLY = `CREATE TRIGGER "trg_audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`;

export class PartitionAuditEventsByMonth1796000000000 implements MigrationInterface {
  name = 'PartitionAuditEventsByMonth1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" RENAME TO "audit_events_unpartitioned"`);
    await queryRunner.query(`DROP TRIGGER "trg_audit_events_append_only" ON "audit_events_unpartitioned"`);
    await queryRunner.query(`ALTER TABLE "audit_events_unpartitioned" RENAME CONSTRAINT "chk_audit_outcome" TO "chk_audit_outcome_old"`);
    await queryRunner.query(`ALTER INDEX "idx_audit_at" RENAME TO "idx_audit_at_old"`);
    await queryRunner.query(`ALTER INDEX "idx_audit_actor" RENAME TO "idx_audit_actor_old"`);
    await queryRunner.query(`ALTER INDEX "idx_audit_nhs_number" RENAME TO "idx_audit_nhs_number_old"`);
    await queryRunner.query(`ALTER TABLE "audit_events_unpartitioned" RENAME CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" TO "PK_audit_events_old"`);
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                ${COLUMNS}
                CONSTRAINT "PK_87d5afd9793d7ee8a3914d1c9dd" PRIMARY KEY ("id", "at")
            ) PARTITION BY RANGE ("at")
        `);
    await queryRunner.query(`ALTER SEQUENCE "audit_events_id_seq" OWNED BY "audit_events"."id"`);
    for (const index of INDEXES) await queryRunner.query(index);
    await queryRunner.query(`CREATE TABLE "audit_events_default" PARTITION OF "audit_events" DEFAULT`);
    await queryRunner.query(`
            CREATE FUNCTION audit_events_ensure_partitions(p_from date, p_to date) RETURNS integer LANGUAGE plpgsql AS $$
            DECLARE
                m date := date_trunc('month', p_from)::date;
                part text;
                created integer := 0;
            BEGIN
                -- one creator at a time across instances
                PERFORM pg_advisory_xact_lock(hashtext('audit_events_ensure_partitions'));
                WHILE m <= p_to LOOP
                    part := 'audit_events_' || to_char(m, 'YYYY_MM');
                    IF to_regclass(part) IS NULL THEN
                        IF EXISTS (SELECT 1 FROM audit_events_default WHERE at >= m AND at < m + interval '1 month') THEN
                            -- rows written while no month covered them: take them out of the default
                            -- partition (parent first, then child: the order inserts lock in), create
                            -- the month, and put them back, so every row lands in its month.
                            LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE;
                            LOCK TABLE audit_events_default IN ACCESS EXCLUSIVE MODE;
                            CREATE TEMP TABLE audit_events_moving ON COMMIT DROP AS SELECT * FROM audit_events_default;
                            TRUNCATE audit_events_default;
                            EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', part, m, (m + interval '1 month')::date);
                            INSERT INTO audit_events SELECT * FROM audit_events_moving;
                            DROP TABLE audit_events_moving;
                        ELSE
                            EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', part, m, (m + interval '1 month')::date);
                        END IF;
                        created := created + 1;
                    END IF;
                    m := (m + interval '1 month')::date;
                END LOOP;
                RETURN created;
            END $$
        `);
    // the months the existing rows need, and this month to three months ahead
    await queryRunner.query(`
            SELECT audit_events_ensure_partitions(
                least(coalesce((SELECT min(at) FROM audit_events_unpartitioned), now()), now())::date,
                (now() + interval '3 months')::date)
        `);
    await queryRunner.query(`INSERT INTO "audit_events" SELECT * FROM "audit_events_unpartitioned"`);
    await queryRunner.query(`DROP TABLE "audit_events_unpartitioned"`);
    // append-only, as before: a row trigger on the partitioned table applies to every partition
    await queryRunner.query(APPEND_ONLY);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" RENAME TO "audit_events_partitioned"`);
    await queryRunner.query(`ALTER TABLE "audit_events_partitioned" RENAME CONSTRAINT "chk_audit_outcome" TO "chk_audit_outcome_partitioned"`);
    await queryRunner.query(`ALTER INDEX "idx_audit_at" RENAME TO "idx_audit_at_partitioned"`);
    await queryRunner.query(`ALTER INDEX "idx_audit_actor" RENAME TO "idx_audit_actor_partitioned"`);
    await queryRunner.query(`ALTER INDEX "idx_audit_nhs_number" RENAME TO "idx_audit_nhs_number_partitioned"`);
    await queryRunner.query(`ALTER TABLE "audit_events_partitioned" RENAME CONSTRAINT "PK_87d5afd9793d7ee8a3914d1c9dd" TO "PK_audit_events_partitioned"`);
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                ${COLUMNS}
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`INSERT INTO "audit_events" SELECT * FROM "audit_events_partitioned"`);
    await queryRunner.query(`ALTER SEQUENCE "audit_events_id_seq" OWNED BY "audit_events"."id"`);
    await queryRunner.query(`DROP TABLE "audit_events_partitioned"`);
    await queryRunner.query(`DROP FUNCTION audit_events_ensure_partitions(date, date)`);
    for (const index of INDEXES) await queryRunner.query(index);
    await queryRunner.query(APPEND_ONLY);
  }
}
