import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { recreateDatabase, withDatabase } from '../setup/database';

/** Issue 14's migrations against data stored before them: involvement derived, status codes mapped. */
describe('existing data migrates (issue 14)', () => {
  const adminUrl = process.env.TEST_DB_ADMIN_URL as string;
  const name = `cc_test_w${process.env.JEST_WORKER_ID ?? '1'}_identity_migrate`;
  const FIRST = 1795440014000; // CreateInvolvement

  it('keeps only involvement in stored admissions.known_to and maps nhs_number_verified to nhsNumberStatus', async () => {
    await recreateDatabase(adminUrl, name);
    const ds = new DataSource(dataSourceOptions(withDatabase(adminUrl, name), 1));
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      // back to the schema before issue 14
      for (;;) {
        const [last]: { timestamp: string }[] = await ds.query('SELECT timestamp FROM migrations ORDER BY timestamp DESC LIMIT 1');
        if (!last || Number(last.timestamp) < FIRST) break;
        await ds.undoLastMigration({ transaction: 'each' });
      }
      await ds.query(`INSERT INTO organisations (ods_code, name, type) VALUES ('P1', 'Practice', 'gp_practice'), ('H1', 'Hospital', 'acute_trust'), ('T1', 'Trust', 'community_trust')`);
      const [verified] = await ds.query(
        `INSERT INTO patients (nhs_number, nhs_number_verified, given_name, family_name, date_of_birth, gp_practice_ods, version) VALUES ('9990000018', true, 'A', 'B', '1940-01-01', 'P1', 1) RETURNING id`,
      );
      await ds.query(`INSERT INTO patients (nhs_number, nhs_number_verified, given_name, family_name, date_of_birth, version) VALUES ('9990000026', false, 'C', 'D', '1941-01-01', 1)`);
      await ds.query(`INSERT INTO patients (nhs_number, needs_tracing, given_name, family_name, date_of_birth, version) VALUES (NULL, true, 'E', 'F', '1942-01-01', 1)`);
      const knownTo = [
        { teamCode: 'NCT-A', relationship: 'gp_practice_alignment' },
        { teamCode: 'NCT-B', relationship: 'care_coordinator_team' },
        { teamCode: 'SPOA', relationship: 'open_referral' },
      ];
      await ds.query(
        `INSERT INTO admissions (patient_id, hospital_ods, admitted_at, method, known_to, created_by, version) VALUES ($1, 'H1', now(), 'emergency', $2::jsonb, 'x', 1),
                ($1, 'H1', now() - interval '40 days', 'emergency', $3::jsonb, 'x', 1)`,
        [verified.id, JSON.stringify(knownTo), JSON.stringify([knownTo[0]])],
      );

      await ds.runMigrations({ transaction: 'each' });

      const rows: { known_to: { teamCode: string; relationship: string }[] }[] = await ds.query('SELECT known_to FROM admissions ORDER BY admitted_at DESC');
      expect(rows.map((r) => r.known_to)).toEqual([[knownTo[1], knownTo[2]], []]);
      const statuses: { nhs_number: string | null; nhs_number_status: string; trace_next_at: Date | null }[] = await ds.query(
        'SELECT nhs_number, nhs_number_status, trace_next_at FROM patients ORDER BY family_name',
      );
      expect(statuses.map((s) => [s.nhs_number, s.nhs_number_status, s.trace_next_at !== null])).toEqual([
        ['9990000018', '01', false],
        ['9990000026', '02', false],
        [null, '03', true],
      ]);
    } finally {
      await ds.destroy();
    }
  });
});
