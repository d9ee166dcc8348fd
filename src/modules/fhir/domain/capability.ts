import { INCLUDES_PATIENT, SEARCH_PARAMS } from './search';

/** FHIR search parameter types, for the CapabilityStatement. */
const PARAM_TYPES: Record<string, string> = {
  _id: 'token',
  identifier: 'token',
  patient: 'reference',
  status: 'token',
  code: 'token',
  partof: 'reference',
  family: 'string',
  birthdate: 'date',
  date: 'date',
  _lastUpdated: 'date',
};

/** Types that also answer a read by id (Flag is search only: alerts are read per patient). */
export const READABLE = ['Patient', 'ServiceRequest', 'Task', 'Encounter', 'CarePlan', 'Consent', 'EpisodeOfCare', 'Organization', 'HealthcareService', 'Location'];

/**
 * The CapabilityStatement: exactly the types, interactions and search parameters served (built
 * from the same tables the searches check, so the two cannot drift).
 */
export function capabilityStatement(base: string, software: { name: string; version: string }, date: string) {
  return {
    resourceType: 'CapabilityStatement' as const,
    status: 'active',
    date,
    publisher: 'Care coordination single point of access',
    kind: 'instance',
    software,
    implementation: { description: 'Read-only FHIR R4 (UK Core) API over the care coordination service', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth', display: 'OAuth' }] }],
          description: 'Bearer JWT as for /api/v1; the same patient access gate, consent rules and audit apply.',
        },
        resource: Object.entries(SEARCH_PARAMS).map(([type, params]) => ({
          type,
          interaction: [...(READABLE.includes(type) ? [{ code: 'read' }] : []), { code: 'search-type' }],
          ...(INCLUDES_PATIENT.includes(type as never) ? { searchInclude: [`${type}:patient`] } : {}),
          searchParam: [
            ...params.map((name) => ({ name, type: PARAM_TYPES[name] ?? 'token' })),
          ],
        })),
      },
    ],
  };
}
