import { NHS_NUMBER_SYSTEM, toFhirCarePlan } from './fhir';
import { normaliseSections } from './sections';

describe('FHIR CarePlan export', () => {
  const base = {
    id: '4b6f3a0e-1d7c-4a4e-9d8f-2f1a6b0c9e11',
    nhsNumber: '9990000018',
    version: 3,
    versionCreatedAt: new Date('2026-02-01T10:00:00Z'),
    firstCreatedAt: new Date('2026-01-01T09:00:00Z'),
    reviewDueAt: new Date('2026-04-01T09:00:00Z'),
    author: { sub: 'gp-1', name: 'Dr Who' },
    contributors: [{ sub: 'gp-1', name: 'Dr Who' }, { sub: 'cc-1', name: null }, { sub: 'gp-1', name: 'Dr Who' }],
  };

  it('maps status, intent, subject, period, version, author and contributors', () => {
    const sections = normaliseSections({ goals: 'Stay home', contacts: [{ name: 'Jo', phone: '1', available24x7: true }], resuscitation: { status: 'dnacpr', by: 'Dr Who' } });
    const r = toFhirCarePlan({ ...base, status: 'agreed', sections });
    expect(r).toMatchObject({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      meta: { versionId: '3', lastUpdated: '2026-02-01T10:00:00.000Z' },
      subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990000018' } },
      period: { start: '2026-01-01T09:00:00.000Z', end: '2026-04-01T09:00:00.000Z' },
      author: { display: 'Dr Who', identifier: { value: 'gp-1' } },
    });
    expect(r.contributor).toHaveLength(2);
    expect(r.note?.map((n) => n.text)).toEqual([
      'Goals: Stay home',
      'Contacts:\nJo: 1, available 24/7',
      'Resuscitation decision: DNACPR (Dr Who)',
      'Review due: 2026-04-01T09:00:00.000Z',
    ]);
  });

  it('exports a draft without notes or review date', () => {
    const r = toFhirCarePlan({ ...base, reviewDueAt: null, contributors: [], status: 'draft', sections: normaliseSections({}) });
    expect(r.status).toBe('draft');
    expect(r.note).toBeUndefined();
    expect(r.contributor).toBeUndefined();
    expect(r.period).toEqual({ start: '2026-01-01T09:00:00.000Z' });
  });
});
