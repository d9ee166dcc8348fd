import { testRangeNhsNumbers } from '../../src/common/validation/nhs-number';
import type { TestApp } from './app';

/** NHS numbers from the test range (999 000 xxxx), unique within a test file. */
const numbers = testRangeNhsNumbers(999_000_000 + Math.floor(Math.random() * 90_000) * 10);
export function nextNhsNumber(): string {
  return numbers.next().value as string;
}

export async function adminToken(t: TestApp): Promise<string> {
  return t.token({ sub: 'admin-1', roles: ['admin'] });
}

export async function createOrganisation(t: TestApp, body: { odsCode: string; name?: string; type: string; locality?: string }): Promise<void> {
  await t
    .http()
    .post('/api/v1/organisations')
    .set('Authorization', `Bearer ${await adminToken(t)}`)
    .send({ name: `Org ${body.odsCode}`, ...body })
    .expect(201);
}

export async function createTeam(
  t: TestApp,
  body: { code: string; type: string; organisationOds: string; alignedPracticeOds?: string[]; operatingHours?: unknown; locality?: string; name?: string },
): Promise<void> {
  await t
    .http()
    .post('/api/v1/teams')
    .set('Authorization', `Bearer ${await adminToken(t)}`)
    .send({ name: `Team ${body.code}`, operatingHours: '24/7', ...body })
    .expect(201);
}

/**
 * A small world: a community trust, two practices, each with its own neighbourhood team, and the
 * SPoA. Returns the codes.
 */
export async function createWorld(t: TestApp) {
  await createOrganisation(t, { odsCode: 'TRUST1', type: 'community_trust' });
  await createOrganisation(t, { odsCode: 'P00001', type: 'gp_practice', locality: 'Dover/Deal' });
  await createOrganisation(t, { odsCode: 'P00002', type: 'gp_practice', locality: 'Shepway/Folkestone' });
  await createTeam(t, { code: 'NCT-A', type: 'neighbourhood_care_team', organisationOds: 'TRUST1', alignedPracticeOds: ['P00001'] });
  await createTeam(t, { code: 'NCT-B', type: 'neighbourhood_care_team', organisationOds: 'TRUST1', alignedPracticeOds: ['P00002'] });
  await createTeam(t, { code: 'SPOA', type: 'single_point_of_access', organisationOds: 'TRUST1' });
  return { trust: 'TRUST1', practiceA: 'P00001', practiceB: 'P00002', teamA: 'NCT-A', teamB: 'NCT-B', spoa: 'SPOA' };
}

export function patientBody(overrides: Record<string, unknown> = {}) {
  return {
    givenName: 'Ada',
    familyName: 'Lovelace',
    dateOfBirth: '1940-12-10',
    sex: 'female',
    address: { line1: '1 Harbour Street', town: 'Dover', postcode: 'CT16 1AA' },
    gpPracticeOds: 'P00001',
    ...overrides,
  };
}

export async function createPatient(t: TestApp, overrides: Record<string, unknown> = {}, nhsNumber = nextNhsNumber()): Promise<string> {
  const token = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
  await t.http().put(`/api/v1/patients/${nhsNumber}`).set('Authorization', `Bearer ${token}`).send(patientBody(overrides)).expect(201);
  return nhsNumber;
}

// ---- referrals and tasks -------------------------------------------------------------------

export type TokenClaims = Parameters<TestApp['token']>[0];

export async function bearer(t: TestApp, claims: TokenClaims): Promise<string> {
  return `Bearer ${await t.token(claims)}`;
}

/** A care navigator at the world's SPoA. */
export function navigator(t: TestApp, sub = 'nav-1'): Promise<string> {
  return bearer(t, { sub, name: 'Nav One', roles: ['care_navigator'], teams: ['SPOA'], org: 'TRUST1' });
}

/** A clinician in the given teams. */
export function clinician(t: TestApp, teams: string[], sub = `clin-${teams.join('-')}`): Promise<string> {
  return bearer(t, { sub, roles: ['clinician'], teams, org: 'TRUST1' });
}

/** Another system sending referrals for an organisation (JWT org). */
export function referrer(t: TestApp, org: string, sub = `ref-${org}`): Promise<string> {
  return bearer(t, { sub, roles: ['referrer'], org });
}

/**
 * createWorld plus the services routing needs: 24/7 rapid response for the Dover/Deal locality,
 * CCG-wide social care and falls prevention (24/7 unless hours are given).
 */
export async function createReferralWorld(t: TestApp, hours: { socialCare?: unknown; falls?: unknown } = {}) {
  const world = await createWorld(t);
  await createTeam(t, { code: 'RR-DD', type: 'rapid_response', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
  await createTeam(t, { code: 'ASC', type: 'social_care', organisationOds: 'TRUST1', operatingHours: hours.socialCare ?? '24/7' });
  await createTeam(t, { code: 'FALLS', type: 'falls_prevention', organisationOds: 'TRUST1', operatingHours: hours.falls ?? '24/7' });
  return { ...world, rapidResponse: 'RR-DD', socialCare: 'ASC', falls: 'FALLS' };
}

export function referralBody(overrides: Record<string, unknown> = {}) {
  return {
    source: { type: 'gp', organisationOds: 'P00001', name: 'Dr Test' },
    reason: 'Two falls this week, struggling with stairs',
    urgency: 'urgent',
    ...overrides,
  };
}

/** POST /referrals as `token` (default a navigator); returns the answer body. */
export async function createReferral(t: TestApp, body: Record<string, unknown>, token?: string) {
  const res = await t
    .http()
    .post('/api/v1/referrals')
    .set('Authorization', token ?? (await navigator(t)))
    .send(body)
    .expect(201);
  return res.body;
}

/** Triage as a navigator; returns the answer body. */
export async function triageReferral(t: TestApp, id: string, body: Record<string, unknown>, token?: string) {
  const res = await t
    .http()
    .post(`/api/v1/referrals/${id}/triage`)
    .set('Authorization', token ?? (await navigator(t)))
    .send(body)
    .expect(200);
  return res.body;
}
