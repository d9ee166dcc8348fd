import { testRangeNhsNumbers } from '../../src/common/validation/nhs-number';
import type { TestApp } from '../support/app';
import { bearer } from '../support/factories';

/** A care coordinator in NCT-A (aligned to practice P00001 in createWorld). */
export const coordinator = (t: TestApp, sub = 'cc-1') => bearer(t, { sub, name: 'Casey Coordinator', roles: ['care_coordinator'], teams: ['NCT-A'], org: 'TRUST1' });
/** A GP at practice P00001 (no team). */
export const gp = (t: TestApp, org = 'P00001') => bearer(t, { sub: `gp-${org}`, name: 'Dr Test', roles: ['gp'], org });

const numbers = testRangeNhsNumbers(999_100_000 + Math.floor(Math.random() * 80_000) * 10);

/** Registers `count` synthetic patients at a practice straight into the database; returns their NHS numbers. */
export async function generatePractice(t: TestApp, practiceOds: string, count: number): Promise<string[]> {
  const nhs = Array.from({ length: count }, () => numbers.next().value as string);
  await t.db.query(
    `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, gp_practice_ods, version)
     SELECT n, 'Pat', 'Test' || i, DATE '1940-01-01' + (i % 3000)::int, $2, 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i)`,
    [nhs, practiceOds],
  );
  return nhs;
}

export async function importJson(t: TestApp, token: string, body: Record<string, unknown>) {
  return t.http().post('/api/v1/risk-scores/imports').set('Authorization', token).send(body);
}
