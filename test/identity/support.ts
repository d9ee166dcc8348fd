import { type PdsSimulator, startPdsSimulator } from '../../scripts/pds-simulator';
import type { TestApp } from '../support/app';
import { createOrganisation, createReferral, referralBody } from '../support/factories';

/** A PDS simulator on a free port: a real HTTP server the service reaches through PDS_BASE_URL. */
export async function startPds(port?: number): Promise<PdsSimulator> {
  return startPdsSimulator({ port });
}

export function pdsEnv(sim: PdsSimulator, extra: Record<string, string> = {}): Record<string, string> {
  return { PDS_BASE_URL: sim.baseUrl, PDS_TIMEOUT_MS: '300', PDS_ATTEMPTS: '2', PDS_BREAKER_FAILURES: '1000', ...extra };
}

/** The fixture's practices the tests use (PDS's registered practice must be a known organisation to win). */
export async function createPdsPractices(t: TestApp): Promise<void> {
  await createOrganisation(t, { odsCode: 'Z99001', type: 'gp_practice', locality: 'Dover/Deal' });
  await createOrganisation(t, { odsCode: 'Z99003', type: 'gp_practice', locality: 'Dover/Deal' });
}

/** A referral taken without an NHS number; returns the new (untraced) patient's id. */
export async function untracedReferral(
  t: TestApp,
  person: { givenName: string; familyName: string; dateOfBirth: string; postcode?: string; gpPracticeOds?: string },
): Promise<{ patientId: string; referralId: string }> {
  const referral = await createReferral(
    t,
    referralBody({
      patient: {
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: person.dateOfBirth,
        address: { line1: '1 Somewhere Road', postcode: person.postcode ?? 'CT16 1PT' },
        ...(person.gpPracticeOds ? { gpPracticeOds: person.gpPracticeOds } : {}),
      },
    }),
  );
  const [row]: { patient_id: string }[] = await t.db.query('SELECT patient_id FROM referrals WHERE id = $1', [referral.id]);
  return { patientId: row.patient_id, referralId: referral.id };
}
