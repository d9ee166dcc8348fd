import { suppressCount } from '../../../../common/disclosure/small-numbers';
import { csvCell } from '../../../../common/csv-cell';
import {
  ATTRIBUTIONS,
  PATHWAYS,
  PATHWAY_MEANING,
  type Pathway,
  READINESS_STEPS,
  type ReadinessStep,
  daysBetween,
  lengthOfStayDays,
  localDate,
  longStayFlag,
  readySince,
} from './discharge-rules';
import type { SubjectKind } from './subjects';

interface StateEntry {
  value: string | null;
  readyDate: string | null;
  at: string;
  by: string;
  byName: string | null;
}

/** One inpatient as the board query returns it: in a hospital admission or a community bed stay. */
export interface BoardRow {
  id: string;
  subject: SubjectKind;
  setting: 'acute' | 'community';
  patient_id: string;
  nhs_number: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  hospital_ods: string;
  ward: string | null;
  admitted_at: Date;
  estimated_discharge_date: string | null;
  edd_first_at: Date | null;
  known_to: { teamCode: string }[];
  state: Partial<Record<string, StateEntry>>;
  delay: { code: string; attribution: string; since: string; by: string; notes: string | null } | null;
  waiting_for: { bedRequestId: string; direction: string; status: string }[];
}

export interface Step {
  value: string;
  at: string;
  by: string;
  byName: string | null;
}

export interface BoardItem {
  /** The hospital admission, or null for a community bed stay. */
  admissionId: string | null;
  /** The community bed stay, or null for a hospital admission. */
  bedStayId: string | null;
  setting: 'acute' | 'community';
  nhsNumber: string;
  name: string;
  age: number;
  hospitalOds: string;
  ward: string | null;
  admittedAt: string;
  lengthOfStayDays: number;
  longStay: number | null;
  estimatedDischargeDate: string | null;
  eddSetWithin24h: boolean | null;
  criteriaToReside: Step | null;
  readyForTransfer: { ready: boolean; since: string | null; clinicallyReady: Step | null; mdtAgreed: Step | null; safeToTransfer: Step | null };
  dischargeReadyDate: string | null;
  daysSinceDischargeReady: number | null;
  pathway: { value: string; meaning: string; at: string; by: string } | null;
  delay: { code: string; attribution: string; since: string; by: string; notes: string | null } | null;
  waitingFor: { bedRequestId: string; direction: string; status: string }[];
  knownTo: string[];
}

const DAY_MS = 86_400_000;
const iso = (s: string) => new Date(s).toISOString();

function step(e: StateEntry | undefined): Step | null {
  return e?.value ? { value: e.value, at: iso(e.at), by: e.by, byName: e.byName } : null;
}

function ageOn(dateOfBirth: string, day: string): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = day.split('-').map(Number);
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** EDD within 24 h: true/false once known; null while it could still be set in time. */
export function eddWithin24h(admittedAt: Date, firstSetAt: Date | null, now: Date): boolean | null {
  const deadline = admittedAt.getTime() + DAY_MS;
  if (firstSetAt) return firstSetAt.getTime() <= deadline;
  return now.getTime() > deadline ? false : null;
}

export function toBoardItem(r: BoardRow, now: Date): BoardItem {
  const los = lengthOfStayDays(r.admitted_at, now);
  const steps = Object.fromEntries(
    READINESS_STEPS.flatMap((s) => {
      const e = r.state[s];
      return e?.value ? [[s, { value: e.value, at: new Date(e.at) }]] : [];
    }),
  ) as Partial<Record<ReadinessStep, { value: string; at: Date }>>;
  const since = readySince(steps);
  const drd = r.state.discharge_ready_date?.readyDate ?? null;
  const pw = r.state.pathway;
  const stay = r.subject === 'bed_stay';
  return {
    admissionId: stay ? null : r.id,
    bedStayId: stay ? r.id : null,
    setting: r.setting,
    nhsNumber: r.nhs_number,
    name: `${r.given_name} ${r.family_name}`,
    age: ageOn(r.date_of_birth, localDate(now)),
    hospitalOds: r.hospital_ods,
    ward: r.ward,
    admittedAt: r.admitted_at.toISOString(),
    lengthOfStayDays: los,
    longStay: longStayFlag(los),
    estimatedDischargeDate: r.estimated_discharge_date,
    // Bed stays carry no estimated discharge date: the 24-hour rule is for hospital admissions.
    eddSetWithin24h: stay ? null : eddWithin24h(r.admitted_at, r.edd_first_at ? new Date(r.edd_first_at) : null, now),
    criteriaToReside: step(r.state.criteria_to_reside),
    readyForTransfer: {
      ready: since !== null,
      since: since?.toISOString() ?? null,
      clinicallyReady: step(r.state.clinically_ready),
      mdtAgreed: step(r.state.mdt_agreed),
      safeToTransfer: step(r.state.safe_to_transfer),
    },
    dischargeReadyDate: drd,
    daysSinceDischargeReady: drd ? Math.max(0, daysBetween(drd, localDate(now))) : null,
    pathway: pw?.value ? { value: pw.value, meaning: PATHWAY_MEANING[pw.value as Pathway], at: iso(pw.at), by: pw.by } : null,
    delay: r.delay ? { ...r.delay, since: iso(r.delay.since) } : null,
    waitingFor: r.waiting_for,
    knownTo: [...new Set(r.known_to.map((k) => k.teamCode))].sort(),
  };
}

/** The subject a board item stands for (its key). */
export function itemKey(i: BoardItem): string {
  return (i.admissionId ?? i.bedStayId) as string;
}

export interface BoardFilter {
  pathway?: string;
  readyForTransfer?: boolean;
  longStay?: number;
}

/** Whether `f` filters on the composed state: then every row must be composed before a page is taken. */
export function filtersComposedState(f: BoardFilter): boolean {
  return f.pathway !== undefined || f.readyForTransfer !== undefined || f.longStay !== undefined;
}

export function matchesBoard(item: BoardItem, f: BoardFilter): boolean {
  if (f.pathway !== undefined && item.pathway?.value !== f.pathway) return false;
  if (f.readyForTransfer !== undefined && item.readyForTransfer.ready !== f.readyForTransfer) return false;
  if (f.longStay !== undefined && item.lengthOfStayDays < f.longStay) return false;
  return true;
}

/** Counts of the board for the dashboard: each count of 1-4 shown as "<5". */
export function boardSummary(items: BoardItem[]) {
  const count = (pred: (i: BoardItem) => boolean) => suppressCount(items.filter(pred).length);
  return {
    inpatients: suppressCount(items.length),
    readyForTransfer: count((i) => i.readyForTransfer.ready),
    pastDischargeReadyDate: count((i) => i.dischargeReadyDate !== null),
    longStay7: count((i) => i.lengthOfStayDays >= 7),
    longStay14: count((i) => i.lengthOfStayDays >= 14),
    longStay21: count((i) => i.lengthOfStayDays >= 21),
    byPathway: Object.fromEntries([...PATHWAYS, 'unset'].map((p) => [p, count((i) => (i.pathway?.value ?? 'unset') === p)])),
    delayedByAttribution: Object.fromEntries(ATTRIBUTIONS.map((a) => [a, count((i) => i.delay?.attribution === a)])),
  };
}

const CSV_COLUMNS = [
  'admission_id',
  'nhs_number',
  'name',
  'age',
  'hospital_ods',
  'ward',
  'admitted_at',
  'length_of_stay_days',
  'long_stay',
  'estimated_discharge_date',
  'edd_set_within_24h',
  'criteria_to_reside',
  'ready_for_transfer',
  'ready_since',
  'discharge_ready_date',
  'days_since_discharge_ready',
  'pathway',
  'delay_code',
  'delay_attribution',
  'delay_since',
  'waiting_for',
  'bed_stay_id',
  'setting',
] as const;


/** The board as CSV (RFC 4180, CRLF), one row per inpatient, in board order. */
export function boardToCsv(items: BoardItem[]): string {
  const rows = items.map((i) =>
    [
      i.admissionId,
      i.nhsNumber,
      i.name,
      i.age,
      i.hospitalOds,
      i.ward,
      i.admittedAt,
      i.lengthOfStayDays,
      i.longStay,
      i.estimatedDischargeDate,
      i.eddSetWithin24h,
      i.criteriaToReside?.value,
      i.readyForTransfer.ready,
      i.readyForTransfer.since,
      i.dischargeReadyDate,
      i.daysSinceDischargeReady,
      i.pathway?.value,
      i.delay?.code,
      i.delay?.attribution,
      i.delay?.since,
      i.waitingFor.map((w) => `${w.direction}:${w.status}`).join(';'),
      i.bedStayId,
      i.setting,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
