import { TEAM_CODE_SYSTEM, compact, localConcept, organizationRef } from './common';

export interface TeamInput {
  code: string;
  name: string;
  type: string;
  organisationOds: string;
  alignedPracticeOds: string[];
  operatingHours: '24/7' | { day: string; open: string; close: string }[];
  locality: string | null;
  updatedAt: string;
}

/**
 * A team as a HealthcareService: code (id and identifier), name, the providing organisation, the
 * team type, the practices it is aligned to (coverageArea text), and its operating hours as
 * availableTime (24/7 as allDay every day; a range past midnight keeps its open and close times).
 */
export function toFhirHealthcareService(t: TeamInput) {
  const availableTime =
    t.operatingHours === '24/7'
      ? [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }]
      : t.operatingHours.map((r) => ({ daysOfWeek: [r.day], availableStartTime: `${r.open}:00`, availableEndTime: `${r.close}:00` }));
  return compact({
    resourceType: 'HealthcareService' as const,
    id: t.code,
    meta: { lastUpdated: t.updatedAt },
    identifier: [{ system: TEAM_CODE_SYSTEM, value: t.code }],
    active: true,
    providedBy: organizationRef(t.organisationOds),
    type: [localConcept('team-type', t.type)],
    name: t.name,
    comment: t.alignedPracticeOds.length ? `Aligned to practices ${t.alignedPracticeOds.join(', ')}` : undefined,
    coverageArea: t.locality ? [{ display: t.locality }] : undefined,
    availableTime,
  });
}
