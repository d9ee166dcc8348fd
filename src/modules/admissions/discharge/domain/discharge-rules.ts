/**
 * The discharge workspace's rules (integrated discharge teams): ready for transfer, the Discharge
 * Ready Date, Discharge to Assess pathways, coded delay reasons with attribution, long-stay flags.
 * Pure: no Nest, no database.
 */

/** Steps that together make a patient "ready for transfer" (the DTOC definition: all three must hold). */
export const READINESS_STEPS = ['clinically_ready', 'mdt_agreed', 'safe_to_transfer'] as const;
export type ReadinessStep = (typeof READINESS_STEPS)[number];

/** Every kind of dated entry in the workspace history. */
export const DISCHARGE_EVENT_KINDS = [...READINESS_STEPS, 'criteria_to_reside', 'discharge_ready_date', 'pathway'] as const;
export type DischargeEventKind = (typeof DISCHARGE_EVENT_KINDS)[number];

/** Values an event may carry, per kind. */
export const READINESS_VALUES = ['ready', 'not_ready'] as const;
export const CRITERIA_VALUES = ['meets', 'does_not_meet'] as const;
/** Discharge to Assess pathways: 0 home without new support, 1 home with support/reablement, 2 bed-based step-down, 3 care home. */
export const PATHWAYS = ['0', '1', '2', '3'] as const;
export type Pathway = (typeof PATHWAYS)[number];
export const PATHWAY_MEANING: Record<Pathway, string> = {
  '0': 'home without new support',
  '1': 'home with new support or reablement',
  '2': 'bed-based step-down (rehabilitation or reablement)',
  '3': 'care home (new long-term placement)',
};

export const ATTRIBUTIONS = ['nhs', 'social_care', 'both'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

/**
 * Coded reasons for discharge delay, modelled on NHS England's acute and community discharge
 * situation report reasons, each with the attribution the delayed transfers of care return used
 * by default (the IDT may override it per delay).
 */
export const DELAY_CODES = {
  awaiting_medical_decision: 'nhs',
  awaiting_therapy_assessment: 'nhs',
  awaiting_social_care_assessment: 'social_care',
  awaiting_community_equipment: 'both',
  awaiting_pathway_1_home_support: 'social_care',
  awaiting_pathway_1_reablement: 'both',
  awaiting_pathway_2_bed: 'nhs',
  awaiting_pathway_3_care_home: 'social_care',
  awaiting_nursing_home: 'nhs',
  awaiting_hospice_or_end_of_life: 'nhs',
  awaiting_mental_health_placement: 'nhs',
  awaiting_transport: 'nhs',
  awaiting_housing: 'social_care',
  patient_or_family_choice: 'both',
  disputes: 'both',
  safeguarding: 'social_care',
  repatriation: 'nhs',
  other: 'both',
} as const satisfies Record<string, Attribution>;
export type DelayCode = keyof typeof DELAY_CODES;
export const DELAY_CODE_LIST = Object.keys(DELAY_CODES) as DelayCode[];

/** Long-stay flags: stranded (7 days), 14 days, super-stranded (21 days). */
export const LONG_STAY_THRESHOLDS = [7, 14, 21] as const;

const DAY_MS = 86_400_000;
const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in England. */
export function localDate(at: Date): string {
  return londonDay.format(at);
}

/** Calendar days from date `a` to date `b` (YYYY-MM-DD), negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Length of stay in calendar days (admission day 0), as the long-stay returns count it. */
export function lengthOfStayDays(admittedAt: Date, until: Date): number {
  return Math.max(0, daysBetween(localDate(admittedAt), localDate(until)));
}

/** The highest long-stay threshold reached (7, 14 or 21), or null. */
export function longStayFlag(losDays: number): (typeof LONG_STAY_THRESHOLDS)[number] | null {
  let flag: (typeof LONG_STAY_THRESHOLDS)[number] | null = null;
  for (const t of LONG_STAY_THRESHOLDS) if (losDays >= t) flag = t;
  return flag;
}

export interface StepState {
  value: string;
  at: Date;
}

/**
 * When the patient became ready for transfer: the latest of the three steps, when every step's
 * current value is `ready`; otherwise null (not ready, the DTOC clock is not running).
 */
export function readySince(steps: Partial<Record<ReadinessStep, StepState>>): Date | null {
  let since: Date | null = null;
  for (const s of READINESS_STEPS) {
    const st = steps[s];
    if (st?.value !== 'ready') return null;
    if (!since || st.at > since) since = st.at;
  }
  return since;
}

/**
 * The Discharge Ready Date a criteria-to-reside decision implies: the day (in England) the patient
 * was found no longer to meet the criteria, unless the team states an earlier/later date; a
 * decision that the patient meets the criteria again clears it (null).
 */
export function dischargeReadyDateFor(value: (typeof CRITERIA_VALUES)[number], at: Date, stated?: string): string | null {
  if (value === 'meets') return null;
  return stated ?? localDate(at);
}

/** Why a Discharge Ready Date cannot be recorded for an admission (null when it can). */
export function readyDateProblem(date: string, admittedAt: Date): string | null {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) return 'is not a real date';
  return date < localDate(admittedAt) ? 'is before the day of admission' : null;
}

/** The attribution of a delay: the IDT's choice, or the code's default. */
export function attributionFor(code: DelayCode, chosen?: Attribution): Attribution {
  return chosen ?? DELAY_CODES[code];
}

/** Days from the Discharge Ready Date to the day of discharge (0 = discharged on the DRD; never negative). */
export function daysDrdToDischarge(drd: string, dischargedAt: Date): number {
  return Math.max(0, daysBetween(drd, localDate(dischargedAt)));
}

/** The instant of midnight at the end of calendar day `day` in England (start of the next local day). */
export function endOfLocalDay(day: string): Date {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
  // Europe/London is UTC or UTC+1: try both offsets and keep the one whose local date is the next day at 00:00.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(next.getTime() - offsetHours * 3_600_000);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(candidate);
    if (localDate(candidate) === next.toISOString().slice(0, 10) && hour === '00') return candidate;
  }
  return next;
}

/** Calendar days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The days whose midnight snapshot is due at `now`: every day from the day after the last snapshot
 * (however long the service was down) to yesterday, in England; on the very first run, the last
 * `firstRunDays` days. Empty when up to date.
 */
export function snapshotDaysDue(lastDay: string | null, now: Date, firstRunDays: number): string[] {
  const yesterday = addDays(localDate(now), -1);
  let day = lastDay ? addDays(lastDay, 1) : addDays(yesterday, -(firstRunDays - 1));
  const out: string[] = [];
  while (day <= yesterday) {
    out.push(day);
    day = addDays(day, 1);
  }
  return out;
}
