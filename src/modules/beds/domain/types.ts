/** Vocabulary of step-up / step-down community beds (domain step 10, api.md "Step-up / step-down beds"). */

export const DIRECTIONS = ['step_down', 'step_up'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const PRIORITIES = ['urgent', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CAPABILITIES = ['nursing', 'dementia', 'non_weight_bearing', 'bariatric', 'end_of_life'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const SETTINGS = ['community_hospital', 'care_home', 'extra_care_housing', 'integrated_care_centre'] as const;
export type Setting = (typeof SETTINGS)[number];

/** Why the person needs a bed; community hospitals may be restricted to some of these. */
export const PURPOSES = [
  'comprehensive_assessment',
  'nursing_rehabilitation',
  'carer_respite',
  'reablement',
  'end_of_life_care',
  'other',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * "Community hospital beds will only be used for people requiring comprehensive assessment,
 * 24/7 nursing rehabilitation and carer respite" (seeds 001:816). Applied to new community-hospital
 * units when BEDS_RESTRICT_COMMUNITY_HOSPITALS is on; each unit's allowedPurposes can be changed.
 */
export const COMMUNITY_HOSPITAL_PURPOSES: readonly Purpose[] = ['comprehensive_assessment', 'nursing_rehabilitation', 'carer_respite'];

export const REQUEST_STATUSES = ['waiting', 'offered', 'admitted', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** A request still in the queue or holding an offer: at most one per patient (a unique index). */
export const OPEN_REQUEST_STATUSES: readonly RequestStatus[] = ['waiting', 'offered'];

export const STAY_STATUSES = ['offered', 'occupied', 'discharged', 'declined', 'withdrawn'] as const;
export type StayStatus = (typeof STAY_STATUSES)[number];
/** A stay holding its bed: at most one per bed and one per patient (unique indexes). */
export const ACTIVE_STAY_STATUSES: readonly StayStatus[] = ['offered', 'occupied'];

export const DISCHARGE_DESTINATIONS = ['usual_residence', 'care_home', 'hospital', 'other_community_bed', 'died', 'other'] as const;
export type DischargeDestination = (typeof DISCHARGE_DESTINATIONS)[number];

/** What the bed row stores; reserved/occupied derive from its active stay. */
export const BED_STATES = ['open', 'cleaning', 'closed'] as const;
export type BedState = (typeof BED_STATES)[number];

export const BED_STATUSES = ['available', 'reserved', 'occupied', 'cleaning', 'closed'] as const;
export type BedStatus = (typeof BED_STATUSES)[number];

export const MIX_STATUSES = ['below', 'on_target', 'above'] as const;
export type MixStatus = (typeof MIX_STATUSES)[number];

/** What made the allocator run (recorded with each decision). */
export const ALLOCATION_TRIGGERS = [
  'request_arrived',
  'bed_added',
  'bed_ready',
  'bed_reopened',
  'bed_changed',
  'offer_declined',
  'request_cancelled',
  'sweep',
  'hospital_admission',
] as const;
export type AllocationTrigger = (typeof ALLOCATION_TRIGGERS)[number];

/**
 * Why the service closed a request without a bed (unmet demand): a step-up request not placed
 * within BEDS_STEP_UP_EXPIRY_HOURS, or a step-up request whose patient was admitted to an acute
 * hospital (the admission it existed to avoid happened).
 */
export const CLOSE_CAUSES = ['expired', 'admitted_to_hospital'] as const;
export type CloseCause = (typeof CLOSE_CAUSES)[number];

/** Where a request came from: raised by a user, by a referral (triage or outcome), or by a hospital discharge. */
export const REQUEST_SOURCES = ['manual', 'referral', 'admission'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

/** What the mix of a unit is measured on: admissions, or bed-days used (the commissioner chooses). */
export const MIX_BASES = ['admissions', 'bed_days'] as const;
export type MixBasis = (typeof MIX_BASES)[number];

/** Entries of the decision log: an offer of a bed, or a request closed without one. */
export const DECISION_EVENTS = ['offer', 'closed'] as const;
export type DecisionEvent = (typeof DECISION_EVENTS)[number];
