import { compact, localConcept, organizationRef, teamRef } from './common';

export interface BedUnitInput {
  id: string;
  name: string;
  organisationOds: string;
  teamCode: string;
  setting: string;
  locality: string;
  beds: { total: number; available: number };
  updatedAt: string | null;
}

export interface BedInput {
  id: string;
  unitId: string;
  unitName: string;
  label: string;
  status: string;
  capabilities: string[];
  closedReason: string | null;
  updatedAt: string | null;
}

const PHYSICAL = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
const BED_STATUS = 'http://terminology.hl7.org/CodeSystem/v2-0116';

/** Bed status -> v2-0116 bed status: available U, occupied O, cleaning H (housekeeping), closed C; a reserved bed (offered, not yet taken) is held: O. */
export const OPERATIONAL: Record<string, { code: string; display: string }> = {
  available: { code: 'U', display: 'Unoccupied' },
  reserved: { code: 'O', display: 'Occupied' },
  occupied: { code: 'O', display: 'Occupied' },
  cleaning: { code: 'H', display: 'Housekeeping' },
  closed: { code: 'C', display: 'Closed' },
};

/** A community bed unit as a ward-type Location, managed by its organisation, run by its team. */
export function toFhirUnitLocation(u: BedUnitInput) {
  return compact({
    resourceType: 'Location' as const,
    id: u.id,
    meta: u.updatedAt ? { lastUpdated: u.updatedAt } : undefined,
    status: 'active',
    name: u.name,
    description: `${u.setting.replace(/_/g, ' ')} in ${u.locality}: ${u.beds.available} of ${u.beds.total} beds available (run by ${teamRef(u.teamCode).identifier.value})`,
    mode: 'instance',
    type: [localConcept('bed-unit-setting', u.setting)],
    physicalType: { coding: [{ system: PHYSICAL, code: 'wa', display: 'Ward' }] },
    address: { district: u.locality },
    managingOrganization: organizationRef(u.organisationOds),
  });
}

/** A bed as a bed-type Location, partOf its unit, operationalStatus its bed state (no patient on it: that is the stay). */
export function toFhirBedLocation(b: BedInput) {
  const op = OPERATIONAL[b.status] ?? OPERATIONAL.closed;
  return compact({
    resourceType: 'Location' as const,
    id: b.id,
    meta: b.updatedAt ? { lastUpdated: b.updatedAt } : undefined,
    status: b.status === 'closed' ? 'suspended' : 'active',
    operationalStatus: { system: BED_STATUS, ...op },
    name: `${b.unitName} ${b.label}`,
    description: [b.status, b.closedReason, b.capabilities.length ? `capabilities: ${b.capabilities.join(', ').replace(/_/g, ' ')}` : null].filter(Boolean).join('; '),
    mode: 'instance',
    physicalType: { coding: [{ system: PHYSICAL, code: 'bd', display: 'Bed' }] },
    partOf: { reference: `Location/${b.unitId}`, type: 'Location', display: b.unitName },
  });
}
