/**
 * The South Kent Coast demo data set: synthetic organisations and teams shaped like the CCG
 * described in the seeds (31 practices in two localities, 001:50). Every code here is made up
 * (Z-prefixed ODS codes) so it cannot be mistaken for a real organisation.
 */
import type { OperatingHours, Weekday } from '../modules/teams/domain/operating-hours';

export const LOCALITIES = {
  doverDeal: 'Dover/Deal',
  shepwayFolkestone: 'Shepway/Folkestone',
} as const;

export interface SeedOrganisation {
  odsCode: string;
  name: string;
  type: string;
  locality?: string;
}

export interface SeedTeam {
  code: string;
  name: string;
  type: string;
  organisationOds: string;
  locality?: string;
  operatingHours: OperatingHours;
  alignedPracticeOds: string[];
}

const DOVER_DEAL_PRACTICES = [
  'Harbour Surgery', 'Castle Hill Practice', 'White Cliffs Medical Centre', 'Maison Dieu Surgery', 'Buckland Medical Practice',
  'River Dour Surgery', 'Whitfield Health Centre', 'Aylesham Village Practice', 'Eastry Surgery', 'Sandwich Medical Practice',
  'Deal Beach Surgery', 'Walmer Practice', 'Mill Hill Surgery', 'Kingsdown Medical Centre', 'St Margaret\'s Practice', 'Sholden Surgery',
];
const SHEPWAY_PRACTICES = [
  'Leas Surgery', 'Folkestone Harbour Practice', 'Cheriton Medical Centre', 'Sandgate Road Surgery', 'Hawkinge Health Centre',
  'Hythe Bay Practice', 'Saltwood Surgery', 'Dymchurch Practice', 'New Romney Medical Centre', 'Lydd Surgery',
  'Romney Marsh Practice', 'Sellindge Surgery', 'Lyminge Practice', 'Shorncliffe Medical Centre', 'Radnor Park Surgery',
];

export const CCG = { odsCode: 'ZSKCCG', name: 'NHS South Kent Coast CCG (synthetic)', type: 'ccg' };
export const ACUTE_TRUST = { odsCode: 'ZEKHT', name: 'East Kent Acute Hospitals (synthetic)', type: 'acute_trust' };
export const COMMUNITY_TRUST = { odsCode: 'ZKCHT', name: 'Kent Community Health (synthetic)', type: 'community_trust' };
export const MENTAL_HEALTH_TRUST = { odsCode: 'ZKMPT', name: 'Kent and Medway Mental Health (synthetic)', type: 'mental_health_trust' };
export const LOCAL_AUTHORITY = { odsCode: 'ZKCC', name: 'Kent County Council Adult Social Care (synthetic)', type: 'local_authority' };
export const AMBULANCE = { odsCode: 'ZSECAMB', name: 'South East Coast Ambulance (synthetic)', type: 'ambulance' };
export const VOLUNTARY = { odsCode: 'ZVOL01', name: 'South Kent Coast Community Navigators (synthetic)', type: 'voluntary' };

export const PRACTICES: SeedOrganisation[] = [
  ...DOVER_DEAL_PRACTICES.map((name, i) => ({ odsCode: `Z99${String(i + 1).padStart(3, '0')}`, name, type: 'gp_practice', locality: LOCALITIES.doverDeal })),
  ...SHEPWAY_PRACTICES.map((name, i) => ({
    odsCode: `Z99${String(i + 1 + DOVER_DEAL_PRACTICES.length).padStart(3, '0')}`,
    name,
    type: 'gp_practice',
    locality: LOCALITIES.shepwayFolkestone,
  })),
];

export const ORGANISATIONS: SeedOrganisation[] = [CCG, ACUTE_TRUST, COMMUNITY_TRUST, MENTAL_HEALTH_TRUST, LOCAL_AUTHORITY, AMBULANCE, VOLUNTARY, ...PRACTICES];

function daily(days: readonly Weekday[], open: string, close: string): OperatingHours {
  return days.map((day) => ({ day, open, close }));
}
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const WEEKEND: Weekday[] = ['sat', 'sun'];
const ALL_DAYS: Weekday[] = [...WEEKDAYS, ...WEEKEND];
// Neighbourhood care teams keep weekend hours on bank holidays (other weekday-hours teams close then).
const NCT_HOURS: OperatingHours = [
  ...(daily(WEEKDAYS, '08:00', '20:00') as []),
  ...(daily(WEEKEND, '09:00', '17:00') as []),
  { day: 'bank_holiday', open: '09:00', close: '17:00' },
];

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function neighbourhoodTeams(prefix: string, place: string, locality: string, practices: SeedOrganisation[]): SeedTeam[] {
  return chunk(practices, 4).map((group, i) => ({
    code: `SKC-NCT-${prefix}${i + 1}`,
    name: `${place} Neighbourhood Care Team ${i + 1}`,
    type: 'neighbourhood_care_team',
    organisationOds: COMMUNITY_TRUST.odsCode,
    locality,
    operatingHours: NCT_HOURS,
    alignedPracticeOds: group.map((p) => p.odsCode),
  }));
}

const inLocality = (l: string) => PRACTICES.filter((p) => p.locality === l);

function perLocality(code: string, name: string, type: string, hours: OperatingHours, org = COMMUNITY_TRUST.odsCode): SeedTeam[] {
  return [
    { code: `${code}-DD`, name: `${name} Dover/Deal`, type, organisationOds: org, locality: LOCALITIES.doverDeal, operatingHours: hours, alignedPracticeOds: [] },
    { code: `${code}-SF`, name: `${name} Shepway/Folkestone`, type, organisationOds: org, locality: LOCALITIES.shepwayFolkestone, operatingHours: hours, alignedPracticeOds: [] },
  ];
}

function ccgWide(code: string, name: string, type: string, hours: OperatingHours, org: string): SeedTeam {
  return { code, name, type, organisationOds: org, operatingHours: hours, alignedPracticeOds: [] };
}

/**
 * Neighbourhood care teams are aligned to 3-4 practices each (20-40,000 people, 002:1114) and are
 * the practices' teams for access and alerts. Locality and CCG-wide services carry a locality (or
 * none) and are found by routing, not by practice alignment.
 */
export const TEAMS: SeedTeam[] = [
  ccgWide('SKC-SPOA', 'South Kent Coast Single Point of Access', 'single_point_of_access', '24/7', COMMUNITY_TRUST.odsCode),
  ...neighbourhoodTeams('DD', 'Dover/Deal', LOCALITIES.doverDeal, inLocality(LOCALITIES.doverDeal)),
  ...neighbourhoodTeams('SF', 'Shepway/Folkestone', LOCALITIES.shepwayFolkestone, inLocality(LOCALITIES.shepwayFolkestone)),
  ...perLocality('SKC-RR', 'Rapid Response', 'rapid_response', '24/7'),
  ...perLocality('SKC-IC', 'Intermediate Care', 'intermediate_care', daily(ALL_DAYS, '08:00', '20:00')),
  ...perLocality('SKC-CHS', 'Care Home Support', 'care_home_support', daily(WEEKDAYS, '08:00', '18:00')),
  ccgWide('SKC-IDT', 'Integrated Discharge Team, William Harvey (synthetic)', 'integrated_discharge_team', daily(ALL_DAYS, '08:00', '20:00'), ACUTE_TRUST.odsCode),
  ccgWide('SKC-DCS', 'Dementia Crisis Service', 'dementia_crisis', '24/7', MENTAL_HEALTH_TRUST.odsCode),
  ccgWide('SKC-FALLS', 'Falls Prevention Service', 'falls_prevention', daily(WEEKDAYS, '09:00', '17:00'), COMMUNITY_TRUST.odsCode),
  ccgWide('SKC-ASC', 'Adult Social Care South Kent Coast', 'social_care', daily(WEEKDAYS, '09:00', '17:00'), LOCAL_AUTHORITY.odsCode),
  ccgWide('SKC-MH', 'Community Mental Health South Kent Coast', 'mental_health', daily(WEEKDAYS, '09:00', '17:00'), MENTAL_HEALTH_TRUST.odsCode),
  ccgWide('SKC-VOL', 'Community Navigators', 'voluntary_sector', daily(WEEKDAYS, '09:00', '17:00'), VOLUNTARY.odsCode),
];
