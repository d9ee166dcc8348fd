import { ODS_SYSTEM, compact, localConcept } from './common';

export interface OrganisationInput {
  odsCode: string;
  name: string;
  type: string;
  locality: string | null;
  updatedAt: string;
}

/** Our organisation types -> organization-type (prov healthcare provider, govt, other) with ours as text. */
const TYPE: Record<string, { code: string; display: string }> = {
  gp_practice: { code: 'prov', display: 'Healthcare Provider' },
  acute_trust: { code: 'prov', display: 'Healthcare Provider' },
  community_trust: { code: 'prov', display: 'Healthcare Provider' },
  mental_health_trust: { code: 'prov', display: 'Healthcare Provider' },
  ambulance: { code: 'prov', display: 'Healthcare Provider' },
  care_home: { code: 'prov', display: 'Healthcare Provider' },
  ccg: { code: 'govt', display: 'Government' },
  local_authority: { code: 'govt', display: 'Government' },
  voluntary: { code: 'cg', display: 'Community Group' },
};

/** An organisation by its ODS code (id and identifier), name, type, and locality as an address district. */
export function toFhirOrganization(o: OrganisationInput) {
  const type = TYPE[o.type] ?? { code: 'other', display: 'Other' };
  return compact({
    resourceType: 'Organization' as const,
    id: o.odsCode,
    meta: { lastUpdated: o.updatedAt },
    identifier: [{ system: ODS_SYSTEM, value: o.odsCode }],
    active: true,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', ...type }] }, localConcept('organisation-type', o.type)],
    name: o.name,
    address: o.locality ? [{ district: o.locality }] : undefined,
  });
}
