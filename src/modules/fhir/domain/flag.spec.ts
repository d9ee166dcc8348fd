import { toFhirFlag } from './flag';

describe('toFhirFlag', () => {
  it('is an active flag for the patient from when the alert was raised, naming the team', () => {
    expect(toFhirFlag({ id: 'al1', type: 'admission', teamCode: 'NCT-A', createdAt: '2026-01-01T10:00:00.000Z' }, '9990000018')).toMatchObject({
      id: 'al1',
      status: 'active',
      code: { coding: [{ code: 'admission' }], text: 'Admitted to hospital' },
      subject: { reference: 'Patient/9990000018' },
      period: { start: '2026-01-01T10:00:00.000Z' },
      author: { identifier: { value: 'NCT-A' } },
    });
  });

  it('reads an unknown alert type as text', () => {
    expect(toFhirFlag({ id: 'x', type: 'new_kind', teamCode: 'T', createdAt: '2026-01-01T10:00:00.000Z' }, '9990000018').code.text).toBe('new kind');
  });
});
