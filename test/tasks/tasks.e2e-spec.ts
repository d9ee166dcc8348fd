import { DataSource } from 'typeorm';
import { TasksService } from '../../src/modules/tasks/tasks.service';
import { TestApp, createTestApp } from '../support/app';
import { bearer, clinician, createPatient, createWorld, navigator } from '../support/factories';

describe('team tasks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });

  async function task(teamCode: string, dueInHours: number, extra: { nhsNumber?: string; dedupeKey?: string; type?: string } = {}) {
    const tasks = t.app.get(TasksService);
    return t.app.get(DataSource).transaction(async (em) => {
      const [patient] = extra.nhsNumber ? await em.query('SELECT id FROM patients WHERE nhs_number = $1', [extra.nhsNumber]) : [];
      return tasks.create(em, {
        type: extra.type ?? 'post_discharge_follow_up',
        teamCode,
        title: 'Follow up after discharge',
        dueAt: new Date(Date.now() + dueInHours * 3_600_000),
        source: { type: 'admission', id: 'adm-1' },
        patientId: patient?.id ?? null,
        dedupeKey: extra.dedupeKey,
      });
    });
  }

  it("lists the caller's teams' open tasks by due time, with overdue and assignee filters", async () => {
    const nhsNumber = await createPatient(t);
    const late = await task('NCT-A', -2, { nhsNumber });
    const soon = await task('NCT-A', 1);
    const later = await task('NCT-A', 48, { type: 'care_plan_review' });
    await task('NCT-B', -5);
    const nct = await clinician(t, ['NCT-A'], 'nurse-1');
    const list = async (q = '') => (await t.http().get(`/api/v1/tasks${q}`).set('Authorization', nct).expect(200)).body;

    const all = await list();
    expect(all.items.map((i: { id: string }) => i.id)).toEqual([late, soon, later]);
    expect(all.items[0]).toMatchObject({ type: 'post_discharge_follow_up', nhsNumber, teamCode: 'NCT-A', status: 'open', overdue: true, source: { type: 'admission', id: 'adm-1' } });
    expect((await list('?overdue=true')).items.map((i: { id: string }) => i.id)).toEqual([late]);
    expect((await list('?overdue=false')).items.map((i: { id: string }) => i.id)).toEqual([soon, later]);
    expect((await list('?type=care_plan_review')).items.map((i: { id: string }) => i.id)).toEqual([later]);
    const page1 = await list('?limit=2');
    expect(page1.items).toHaveLength(2);
    expect((await list(`?limit=2&cursor=${page1.nextCursor}`)).items.map((i: { id: string }) => i.id)).toEqual([later]);

    const assigned = await t.http().post(`/api/v1/tasks/${soon}/assign`).set('Authorization', nct).send({ staffId: 'nurse-2' }).expect(200);
    expect(assigned.body).toMatchObject({ assignee: 'nurse-2', status: 'open' });
    expect((await list('?assignee=nurse-2')).items.map((i: { id: string }) => i.id)).toEqual([soon]);
    expect((await list('?unassigned=true')).items.map((i: { id: string }) => i.id)).toEqual([late, later]);

    const done = await t.http().post(`/api/v1/tasks/${late}/complete`).set('Authorization', nct).send({ outcome: 'Visited, medicines reviewed' }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'Visited, medicines reviewed', completedBy: 'nurse-1', overdue: false });
    expect((await list('?status=done')).items.map((i: { id: string }) => i.id)).toEqual([late]);
    const twice = await t.http().post(`/api/v1/tasks/${late}/complete`).set('Authorization', nct).send({ outcome: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_TRANSITION');
    await t.http().post(`/api/v1/tasks/${late}/assign`).set('Authorization', nct).send({ staffId: 'x' }).expect(409);

    const audit = await t.db.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id`, [late]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['task.read', 'task.complete']));
  });

  it("keeps other teams' tasks out of reach", async () => {
    const other = await task('NCT-B', 1);
    const nct = await clinician(t, ['NCT-A']);
    await t.http().get('/api/v1/tasks?team=NCT-B').set('Authorization', nct).expect(403);
    const res = await t.http().post(`/api/v1/tasks/${other}/complete`).set('Authorization', nct).send({ outcome: 'x' }).expect(404);
    expect(res.body.code).toBe('TASK_NOT_FOUND');
    await t.http().post(`/api/v1/tasks/${other}/assign`).set('Authorization', nct).send({ staffId: 'x' }).expect(404);
    await t.http().get('/api/v1/tasks').set('Authorization', await bearer(t, { roles: ['commissioner'] })).expect(403);
    await t.http().get('/api/v1/tasks').set('Authorization', await bearer(t, { roles: ['referrer'], org: 'X1' })).expect(403);
    expect((await t.http().get('/api/v1/tasks').set('Authorization', await navigator(t)).expect(200)).body.items).toEqual([]);
  });

  it('creates a deduplicated task once, and validates inputs', async () => {
    const first = await task('NCT-A', 1, { dedupeKey: 'follow-up:adm-1' });
    const second = await task('NCT-A', 1, { dedupeKey: 'follow-up:adm-1' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    const nct = await clinician(t, ['NCT-A']);
    await t.http().post(`/api/v1/tasks/${first}/complete`).set('Authorization', nct).send({ outcome: '  ' }).expect(400);
    await t.http().post(`/api/v1/tasks/${first}/assign`).set('Authorization', nct).send({}).expect(400);
    await t.http().post('/api/v1/tasks/not-a-uuid/assign').set('Authorization', nct).send({ staffId: 'x' }).expect(400);
    await t.http().get('/api/v1/tasks?status=closed').set('Authorization', nct).expect(400);
  });
});
