import { TestApp, createTestApp } from '../support/app';
import { createWorld } from '../support/factories';
import { EVERY_ROLE } from '../support/route-sweep';

/**
 * A cursor is the client's to hold, so it is input like any other: base64url JSON that anyone can
 * forge. A value of the wrong type used to reach PostgreSQL (`'yesterday'::timestamptz`, a text with
 * NUL) and come back as a 500. Each list route now refuses it with a 400 naming the cursor.
 */
type Kind = 'text' | 'int' | 'number' | 'time' | 'uuid' | 'serial';

const VALID: Record<Kind, unknown> = { text: 'x', int: 0, number: 0.5, time: '2026-01-01T00:00:00.000Z', uuid: '00000000-0000-4000-8000-000000000000', serial: '1' };
const FORGED: Record<Kind, unknown[]> = {
  text: ['a\u0000b', {}, 7, null],
  int: [1.5, '1', null],
  number: ['0.5', null, []],
  time: ['yesterday', '2026-02-31T00:00:00.000Z', '2026-02-31T00:00:00.000000Z', '2026-01-01T00:00:00.0000Z', '2026-01-01', 1, {}],
  uuid: ['x', "1' OR '1'='1", 12, []],
  serial: ['0', '1; SELECT 1', 1e20, '99999999999999999999'],
};

const ROUTES: [string, Kind[]][] = [
  ['/api/v1/tasks', ['time', 'uuid']],
  ['/api/v1/alerts', ['time', 'uuid']],
  ['/api/v1/admissions', ['time', 'uuid']],
  ['/api/v1/discharge/board', ['time', 'uuid']],
  ['/api/v1/referrals', ['time', 'int', 'time', 'uuid']],
  ['/api/v1/teams', ['text']],
  ['/api/v1/organisations', ['text']],
  ['/api/v1/patients?familyName=Smith&dateOfBirth=1940-12-10', ['text', 'text', 'uuid']],
  ['/api/v1/bed-requests', ['time', 'uuid']],
  ['/api/v1/bed-allocations', ['time', 'uuid']],
  ['/api/v1/bed-units', ['text', 'uuid']],
  ['/api/v1/beds', ['text', 'text', 'uuid']],
  ['/api/v1/integrations/hl7/messages', ['time', 'uuid']],
  ['/api/v1/mdt/meetings', ['time', 'uuid']],
  ['/api/v1/caseloads/P00001', ['number', 'text']],
  ['/api/v1/audit-events', ['serial']],
];

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const withCursor = (route: string, c: string) => `${route}${route.includes('?') ? '&' : '?'}cursor=${c}`;

/** One forged value in one slot, every other slot valid. */
function forgeries(kinds: Kind[]): unknown[][] {
  return kinds.flatMap((kind, i) => FORGED[kind].map((bad) => kinds.map((k, j) => (j === i ? bad : VALID[k]))));
}

describe('forged cursors', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    await createWorld(t);
    token = await t.token({ sub: 'everyone-1', ...EVERY_ROLE });
  });
  afterAll(() => t.close());

  it.each(ROUTES)('%s takes a well-formed cursor of its shape', async (route, kinds) => {
    await t.http().get(withCursor(route, cursor(kinds.map((k) => VALID[k])))).set('Authorization', `Bearer ${token}`).expect(200);
  });

  // What the lists write since they carry PostgreSQL's microseconds (hazard H18-7).
  it.each(ROUTES.filter(([, kinds]) => kinds.includes('time')))('%s takes an instant to the microsecond', async (route, kinds) => {
    const values = kinds.map((k) => (k === 'time' ? '2026-01-01T00:00:00.000001Z' : VALID[k]));
    await t.http().get(withCursor(route, cursor(values))).set('Authorization', `Bearer ${token}`).expect(200);
  });

  it.each(ROUTES)('%s refuses every cursor value of the wrong type with a 400 naming the cursor', async (route, kinds) => {
    const refused: string[] = [];
    for (const values of forgeries(kinds)) {
      const res = await t.http().get(withCursor(route, cursor(values))).set('Authorization', `Bearer ${token}`);
      if (res.status !== 400 || res.body.code !== 'VALIDATION_FAILED' || res.body.errors?.[0]?.field !== 'cursor') refused.push(`${JSON.stringify(values)} -> ${res.status}`);
    }
    expect(refused).toEqual([]);
  });
});
