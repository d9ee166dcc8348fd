import type { TestApp } from '../support/app';
import { bearer, createOrganisation, createPatient, createReferral, createTeam, createWorld, referralBody } from '../support/factories';

export const HOSPITAL = 'RHOSP1';
export const IDT = 'IDT-1';

/** createWorld plus an acute trust and its integrated discharge team. */
export async function createAdmissionWorld(t: TestApp) {
  const world = await createWorld(t);
  await createOrganisation(t, { odsCode: HOSPITAL, type: 'acute_trust' });
  await createTeam(t, { code: IDT, type: 'integrated_discharge_team', organisationOds: HOSPITAL });
  return { ...world, hospital: HOSPITAL, idt: IDT };
}

export function dischargeCoordinator(t: TestApp, sub = 'idt-1'): Promise<string> {
  return bearer(t, { sub, roles: ['discharge_coordinator'], teams: [IDT], org: HOSPITAL });
}

/**
 * A patient of practice P00001 whose named care coordinator is in NCT-A (so NCT-A is involved, not
 * merely aligned) with an open referral awaiting triage (so known to SPOA).
 */
export async function patientKnownToTwoTeams(t: TestApp): Promise<string> {
  const nhsNumber = await createPatient(t, { careCoordinator: { staffId: 'cc-1', name: 'Casey Coordinator', teamCode: 'NCT-A' } });
  await createReferral(t, referralBody({ nhsNumber }));
  return nhsNumber;
}

/** Noon UTC `days` ago: the same calendar day in England whatever the season. */
export function daysAgo(days: number): Date {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  return new Date(d.getTime() - days * 86_400_000);
}

export async function admit(t: TestApp, body: Record<string, unknown>, token?: string) {
  return t
    .http()
    .post('/api/v1/admissions')
    .set('Authorization', token ?? (await dischargeCoordinator(t)))
    .send({ hospitalOds: HOSPITAL, method: 'emergency', admittedAt: daysAgo(1).toISOString(), ...body });
}
