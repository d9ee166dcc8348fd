import { toFhirHealthcareService } from './healthcare-service';
import { toFhirOrganization } from './organization';

describe('toFhirOrganization', () => {
  it('identifies the organisation by ODS code and types it', () => {
    expect(toFhirOrganization({ odsCode: 'Z99001', name: 'Harbour Practice', type: 'gp_practice', locality: 'Dover/Deal', updatedAt: '2026-01-01T00:00:00.000Z' })).toMatchObject({
      id: 'Z99001',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Z99001' }],
      type: [{ coding: [{ code: 'prov' }] }, { coding: [{ code: 'gp_practice' }] }],
      address: [{ district: 'Dover/Deal' }],
    });
  });
});

describe('toFhirHealthcareService', () => {
  const team = { code: 'NCT-A', name: 'NCT A', type: 'neighbourhood_care_team', organisationOds: 'ZKCHT', alignedPracticeOds: ['Z99001'], operatingHours: '24/7' as const, locality: null, updatedAt: '2026-01-01T00:00:00.000Z' };

  it('gives 24/7 as all day every day, and the providing organisation', () => {
    expect(toFhirHealthcareService(team)).toMatchObject({ providedBy: { reference: 'Organization/ZKCHT' }, availableTime: [{ allDay: true, daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }] });
  });

  it('gives weekly ranges as available times', () => {
    const s = toFhirHealthcareService({ ...team, operatingHours: [{ day: 'mon', open: '08:00', close: '20:00' }] });
    expect(s.availableTime).toEqual([{ daysOfWeek: ['mon'], availableStartTime: '08:00:00', availableEndTime: '20:00:00' }]);
  });
});
