import { TestApp, createTestApp } from '../support/app';
import { nextNhsNumber } from '../support/factories';
import { BED_TEAM, addBeds, as, bedTokens, bedWorld, createUnit } from '../beds/beds-fixtures';

/**
 * Hand-worked beds.occupancy (issue 20: /metrics once showed numerator 0, denominator 0, value
 * 0.0026). Period 1-3 January 2026 (2 days). Two beds exist from 1 January 00:00, a third from
 * 2 January 12:00: available = 2 x 2 + 1 x 0.5 = 4.5 bed-days. Stays: 1 Jan 06:00-18:00 (0.5),
 * 31 Dec 12:00-1 Jan 12:00 (0.5 inside the period), and one admitted 2 Jan 18:00 still in
 * (0.25 to the end of the period): occupied = 1.25 bed-days; value = 1.25 / 4.5 = 0.2778.
 * Rounded to whole bed-days (the bug) this read numerator 1, denominator 5 (4.5 rounds up), value 0.2778.
 */
describe('beds.occupancy in /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows occupied and available bed-days, and a value that is their quotient', async () => {
    await t.truncate();
    await bedWorld(t);
    const tok = await bedTokens(t);
    const unit = await createUnit(t, tok.manager, { teamCode: BED_TEAM });
    const beds = await addBeds(t, tok.manager, unit.id, 3);
    await t.db.query(`UPDATE beds SET created_at = '2026-01-01T00:00:00Z' WHERE id = ANY($1)`, [[beds[0].id, beds[1].id]]);
    await t.db.query(`UPDATE beds SET created_at = '2026-01-02T12:00:00Z' WHERE id = $1`, [beds[2].id]);
    const stays: [string, string, string | null][] = [
      [beds[0].id, '2026-01-01T06:00:00Z', '2026-01-01T18:00:00Z'],
      [beds[1].id, '2025-12-31T12:00:00Z', '2026-01-01T12:00:00Z'],
      [beds[2].id, '2026-01-02T18:00:00Z', null],
    ];
    for (const [bedId, admitted, discharged] of stays) {
      const [patient]: { id: string }[] = await t.db.query(
        `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, version) VALUES ($1, 'Bed', 'Patient', '1940-01-01', 1) RETURNING id`,
        [nextNhsNumber()],
      );
      const [request]: { id: string }[] = await t.db.query(
        `INSERT INTO bed_requests (patient_id, direction, needs, priority, excluded_unit_ids, status, requested_at, requested_by_sub)
         VALUES ($1, 'step_down', '{}', 'routine', '{}', 'admitted', $2, 'seed') RETURNING id`,
        [patient.id, admitted],
      );
      await t.db.query(
        `INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at, admitted_at, discharged_at, discharge_destination)
         VALUES ($1, $2, $3, $4, 'step_down', $5, $6, $6, $7, $8)`,
        [request.id, bedId, unit.id, patient.id, discharged ? 'discharged' : 'occupied', admitted, discharged, discharged ? 'usual_residence' : null],
      );
    }
    const body = (await as(t, tok.commissioner).get('/metrics?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z').expect(200)).body;
    const occupancy = body.measures.find((m: { id: string }) => m.id === 'beds.occupancy');
    expect(occupancy).toMatchObject({ numerator: 1.25, denominator: 4.5, value: 0.2778 });
  });
});
