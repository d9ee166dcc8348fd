import { toFhirEncounter } from './encounter';

const admission = {
  id: 'a1',
  nhsNumber: '9990000018',
  hospitalOds: 'ZEKHT',
  ward: 'Ward 7',
  admittedAt: '2026-01-01T10:00:00.000Z',
  method: 'emergency',
  reason: 'Fall',
  status: 'inpatient',
  readmission: false,
  estimatedDischargeDate: null,
  medicallyOptimisedAt: null,
  dischargedAt: null,
  destination: null,
  version: 1,
  createdAt: '2026-01-01T10:05:00.000Z',
};

describe('toFhirEncounter', () => {
  it('is an in-progress inpatient encounter with an open period while admitted', () => {
    const e = toFhirEncounter(admission);
    expect(e).toMatchObject({ status: 'in-progress', class: { code: 'IMP' }, period: { start: admission.admittedAt }, priority: { coding: [{ code: 'EM' }] } });
    expect(e.period).not.toHaveProperty('end');
    expect(e).not.toHaveProperty('hospitalization');
  });

  it.each([
    ['usual_residence', 'home'],
    ['step_down_bed', 'other-hcf'],
    ['care_home_new', 'snf'],
    ['other_hospital', 'hosp'],
    ['died', 'exp'],
    ['other', 'oth'],
  ])('gives discharge destination %s as disposition %s', (destination, code) => {
    const e = toFhirEncounter({ ...admission, status: 'discharged', dischargedAt: '2026-01-05T10:00:00.000Z', destination });
    expect(e.status).toBe('finished');
    expect(e.period).toEqual({ start: admission.admittedAt, end: '2026-01-05T10:00:00.000Z' });
    expect(e.hospitalization?.dischargeDisposition?.coding[0].code).toBe(code);
  });

  it('marks a readmission and an elective admission', () => {
    const e = toFhirEncounter({ ...admission, method: 'elective', readmission: true });
    expect(e).not.toHaveProperty('priority');
    expect(e.hospitalization?.reAdmission).toBeDefined();
  });
});
