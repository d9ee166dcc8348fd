/**
 * The built-in, transparent risk model: a points score from supplied factors, for practices with
 * no risk stratification tool. Every factor's points are listed in the answer; the score is their
 * sum. The table and its sources are in docs/risk-model.md — change both together (and bump VERSION).
 */
export const BUILT_IN_MODEL = { name: 'spoa-points', version: '1.0.0' } as const;

export const LONG_TERM_CONDITIONS = [
  'heart_failure',
  'copd',
  'diabetes',
  'ckd',
  'dementia',
  'cancer',
  'stroke',
  'atrial_fibrillation',
  'parkinsons',
  'severe_mental_illness',
  'liver_disease',
  'asthma',
] as const;
export type LongTermCondition = (typeof LONG_TERM_CONDITIONS)[number];

export const FRAILTY_CATEGORIES = ['fit', 'mild', 'moderate', 'severe'] as const;
export type Frailty = (typeof FRAILTY_CATEGORIES)[number];

export interface RiskFactors {
  age: number;
  emergencyAdmissions12m?: number;
  aeAttendances6m?: number;
  longTermConditions?: LongTermCondition[];
  frailty?: Frailty;
  /** Ten or more regular medicines. */
  polypharmacy?: boolean;
  careHomeResident?: boolean;
  livesAlone?: boolean;
  /** Discharged from hospital in the last 30 days. */
  recentDischarge?: boolean;
}

export interface FactorPoints {
  name: string;
  value: unknown;
  points: number;
}

export const CONDITION_POINTS: Record<LongTermCondition, number> = {
  heart_failure: 2,
  copd: 2,
  dementia: 2,
  cancer: 2,
  liver_disease: 2,
  ckd: 1,
  diabetes: 1,
  stroke: 1,
  atrial_fibrillation: 1,
  parkinsons: 1,
  severe_mental_illness: 1,
  asthma: 1,
};

export const FRAILTY_POINTS: Record<Frailty, number> = { fit: 0, mild: 1, moderate: 3, severe: 5 };

export function agePoints(age: number): number {
  if (age >= 85) return 4;
  if (age >= 75) return 3;
  if (age >= 65) return 2;
  if (age >= 50) return 1;
  return 0;
}

/** Emergency admissions in the last 12 months: 2 points each, capped at 3 admissions (6). */
export const admissionPoints = (n: number) => Math.min(n, 3) * 2;
/** A&E attendances in the last 6 months: 1 point each, capped at 4 (LACE "E"). */
export const aePoints = (n: number) => Math.min(n, 4);
/** Three or more long-term conditions together (multimorbidity) add 2. */
export const MULTIMORBIDITY_POINTS = 2;

/** The score and its breakdown, one line per factor in a fixed order. */
export function scoreFactors(f: RiskFactors): { score: number; factors: FactorPoints[] } {
  const conditions = [...new Set(f.longTermConditions ?? [])].sort();
  const lines: FactorPoints[] = [
    { name: 'age', value: f.age, points: agePoints(f.age) },
    { name: 'emergencyAdmissions12m', value: f.emergencyAdmissions12m ?? 0, points: admissionPoints(f.emergencyAdmissions12m ?? 0) },
    { name: 'aeAttendances6m', value: f.aeAttendances6m ?? 0, points: aePoints(f.aeAttendances6m ?? 0) },
    ...conditions.map((c) => ({ name: `longTermCondition:${c}`, value: true, points: CONDITION_POINTS[c] })),
    { name: 'multimorbidity', value: conditions.length, points: conditions.length >= 3 ? MULTIMORBIDITY_POINTS : 0 },
    { name: 'frailty', value: f.frailty ?? 'fit', points: FRAILTY_POINTS[f.frailty ?? 'fit'] },
    { name: 'polypharmacy', value: f.polypharmacy ?? false, points: f.polypharmacy ? 2 : 0 },
    { name: 'careHomeResident', value: f.careHomeResident ?? false, points: f.careHomeResident ? 2 : 0 },
    { name: 'livesAlone', value: f.livesAlone ?? false, points: f.livesAlone ? 1 : 0 },
    { name: 'recentDischarge', value: f.recentDischarge ?? false, points: f.recentDischarge ? 3 : 0 },
  ];
  return { score: lines.reduce((sum, l) => sum + l.points, 0), factors: lines };
}

/** eFI value -> category at the published cut-offs (Clegg et al. 2016): fit <= 0.12 < mild <= 0.24 < moderate <= 0.36 < severe. */
export function frailtyFromEfi(efi: number): Frailty {
  if (efi <= 0.12) return 'fit';
  if (efi <= 0.24) return 'mild';
  if (efi <= 0.36) return 'moderate';
  return 'severe';
}
