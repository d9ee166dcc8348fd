import { toFhirTask } from './task';

const task = {
  id: 't1',
  type: 'discharge_follow_up',
  title: 'Follow up after discharge',
  detail: 'Medicines review',
  nhsNumber: '9990000018',
  teamCode: 'NCT-A',
  dueAt: '2026-01-08T10:00:00.000Z',
  status: 'open',
  assignee: null,
  outcome: null,
  completedAt: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  source: { type: 'admission', id: 'a1' },
};

describe('toFhirTask', () => {
  it('is ready while open and unassigned, owned by the team, due as the restriction end, focus the admission', () => {
    expect(toFhirTask(task)).toMatchObject({
      status: 'ready',
      owner: { reference: 'HealthcareService/NCT-A' },
      restriction: { period: { end: '2026-01-08T10:00:00.000Z' } },
      focus: { reference: 'Encounter/a1' },
      for: { reference: 'Patient/9990000018' },
      description: 'Follow up after discharge: Medicines review',
    });
  });

  it('is in progress once assigned and completed when done, with its outcome', () => {
    expect(toFhirTask({ ...task, assignee: 'nurse-1' })).toMatchObject({ status: 'in-progress', note: [{ authorReference: { identifier: { value: 'nurse-1' } } }] });
    expect(toFhirTask({ ...task, status: 'done', outcome: 'seen', completedAt: '2026-01-02T00:00:00.000Z' })).toMatchObject({
      status: 'completed',
      output: [{ valueString: 'seen' }],
      lastModified: '2026-01-02T00:00:00.000Z',
    });
  });

  it('has no focus for a source FHIR does not serve, and no patient for a patientless task', () => {
    const t = toFhirTask({ ...task, nhsNumber: null, source: { type: 'mdt_action', id: 'm1' } });
    expect(t).not.toHaveProperty('focus');
    expect(t).not.toHaveProperty('for');
  });
});
