import { OPERATIONAL, toFhirBedLocation, toFhirUnitLocation } from './location';

describe('Location mappings', () => {
  const bed = { id: 'b1', unitId: 'u1', unitName: 'Deal Ward 2', label: 'B01', status: 'available', capabilities: ['dementia'], closedReason: null, updatedAt: '2026-01-01T00:00:00.000Z' };

  it.each(Object.entries(OPERATIONAL))('bed status %s is operationalStatus %o', (status, op) => {
    expect(toFhirBedLocation({ ...bed, status }).operationalStatus).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v2-0116', code: op.code });
  });

  it('a bed is part of its unit; a closed bed is suspended', () => {
    expect(toFhirBedLocation(bed)).toMatchObject({ status: 'active', partOf: { reference: 'Location/u1' }, physicalType: { coding: [{ code: 'bd' }] } });
    expect(toFhirBedLocation({ ...bed, status: 'closed', closedReason: 'leak' })).toMatchObject({ status: 'suspended', description: 'closed; leak; capabilities: dementia' });
  });

  it('a unit is a ward managed by its organisation', () => {
    const u = toFhirUnitLocation({ id: 'u1', name: 'Deal Ward 2', organisationOds: 'ZKCHT', teamCode: 'BEDS', setting: 'care_home', locality: 'Dover/Deal', beds: { total: 4, available: 1 }, updatedAt: null });
    expect(u).toMatchObject({ physicalType: { coding: [{ code: 'wa' }] }, managingOrganization: { reference: 'Organization/ZKCHT' } });
    expect(u).not.toHaveProperty('meta');
  });
});
