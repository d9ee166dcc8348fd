import type { TeamType } from '../../teams/team.entity';

/** The words of a referral (api.md "Referrals and triage"). */
export const URGENCIES = ['crisis', 'urgent', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SOURCE_TYPES = [
  'self',
  'carer',
  'gp',
  'ae',
  'ambulance',
  'care_home',
  'social_care',
  'hospital_discharge',
  'voluntary',
  'other_professional',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * Services a triage can route to (domain.md step 2). Each is delivered by teams of one type;
 * a step-up bed is arranged by the intermediate care team.
 */
export const SERVICE_TEAM_TYPE = {
  rapid_response: 'rapid_response',
  intermediate_care: 'intermediate_care',
  step_up_bed: 'intermediate_care',
  neighbourhood_care_team: 'neighbourhood_care_team',
  dementia_crisis: 'dementia_crisis',
  falls_prevention: 'falls_prevention',
  care_home_support: 'care_home_support',
  social_care: 'social_care',
  mental_health: 'mental_health',
  voluntary_sector: 'voluntary_sector',
} as const satisfies Record<string, TeamType>;
export type ReferralService = keyof typeof SERVICE_TEAM_TYPE;
export const SERVICES = Object.keys(SERVICE_TEAM_TYPE) as ReferralService[];

/** The team type that holds referrals nobody else can take: the 24/7 single point of access. */
export const SPOA_TEAM_TYPE: TeamType = 'single_point_of_access';

/**
 * Out of hours, a **crisis** referral for a closed service goes to a 24/7 clinical service that can
 * respond within the 2-hour clock (rapid response covers community nursing, therapy, falls and
 * care-home crises); anything else, and crisis referrals with no such cover, is held by the 24/7
 * single point of access until the team opens (domain.md "24/7"). See docs/referrals.md.
 */
export const OUT_OF_HOURS_CRISIS_COVER: Record<ReferralService, TeamType[]> = {
  rapid_response: [],
  intermediate_care: ['rapid_response'],
  step_up_bed: ['rapid_response'],
  neighbourhood_care_team: ['rapid_response'],
  dementia_crisis: [],
  falls_prevention: ['rapid_response'],
  care_home_support: ['rapid_response'],
  social_care: [],
  mental_health: [],
  voluntary_sector: [],
};

export const OUTCOMES = [
  'remained_at_home',
  'admitted_to_hospital',
  'step_up_bed',
  'onward_referral',
  'signposted',
  'declined_by_patient',
  'died',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TRIAGE_DECISIONS = ['accept', 'return_to_referrer', 'decline'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

/** Longest free text we store (reason, notes): a long clinical note, not a document. */
export const MAX_TEXT = 4000;
