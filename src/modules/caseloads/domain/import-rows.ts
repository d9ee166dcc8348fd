import { parseNhsNumber } from '../../../common/validation/nhs-number';

/**
 * One row of a risk stratification import, checked on its own: a bad row is rejected with its
 * row number, the NHS number as sent, a code and a message, and never sinks the good ones.
 */
export type RowCode = 'NHS_NUMBER_INVALID' | 'SCORE_INVALID' | 'FACTORS_INVALID' | 'ROW_MALFORMED' | 'DUPLICATE_ROW' | 'PATIENT_NOT_AT_PRACTICE';

export interface RowRejection {
  row: number;
  nhsNumber: string | null;
  code: RowCode;
  message: string;
}

export interface GoodRow {
  row: number;
  nhsNumber: string;
  score: number;
  factors: Record<string, string | number | boolean | null> | null;
}

/** Largest score accepted: tools publish probabilities (0-1), percentages (0-100) or points. */
export const MAX_SCORE = 1_000_000;
const MAX_FACTORS = 50;

export const NHS_NUMBER_COLUMNS = ['nhsnumber', 'nhs_number', 'nhs number', 'nhs'];

function scoreOf(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 && raw <= MAX_SCORE ? raw : null;
  if (typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw)) return scoreOf(Number(raw));
  return null;
}

/** A row from JSON ({ nhsNumber, score, ...factors }) or from CSV (header-keyed strings). */
export function checkRow(row: number, input: unknown, fromCsv = false): GoodRow | RowRejection {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { row, nhsNumber: null, code: 'ROW_MALFORMED', message: 'is not an object with nhsNumber and score' };
  }
  const record = input as Record<string, unknown>;
  const nhsKey = Object.keys(record).find((k) => NHS_NUMBER_COLUMNS.includes(k.toLowerCase()));
  const rawNhs = nhsKey ? record[nhsKey] : undefined;
  const sent = typeof rawNhs === 'string' ? rawNhs.trim() : typeof rawNhs === 'number' ? String(rawNhs) : null;
  if (!sent) return { row, nhsNumber: null, code: 'NHS_NUMBER_INVALID', message: 'nhsNumber is missing' };
  const parsed = parseNhsNumber(sent);
  if (!parsed.ok) return { row, nhsNumber: sent.slice(0, 20), code: 'NHS_NUMBER_INVALID', message: `the NHS number ${parsed.reason}` };
  const nhsNumber = parsed.value;
  const score = scoreOf(record.score);
  if (score === null) return { row, nhsNumber, code: 'SCORE_INVALID', message: `score must be a number from 0 to ${MAX_SCORE}` };
  const factors: Record<string, string | number | boolean | null> = {};
  let count = 0;
  for (const [k, v] of Object.entries(record)) {
    if (k === nhsKey || k === 'score') continue;
    if (fromCsv && v === '') continue;
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
      return { row, nhsNumber, code: 'FACTORS_INVALID', message: `factor ${k.slice(0, 40)} must be a number, text or true/false` };
    }
    if (k.length > 64 || (typeof v === 'string' && v.length > 200)) return { row, nhsNumber, code: 'FACTORS_INVALID', message: 'factor names are at most 64 characters and values 200' };
    factors[k] = fromCsv && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : (v as string | number | boolean | null);
    count++;
  }
  if (count > MAX_FACTORS) return { row, nhsNumber, code: 'FACTORS_INVALID', message: `at most ${MAX_FACTORS} factors per row` };
  return { row, nhsNumber, score, factors: count ? factors : null };
}

export const isRejection = (r: GoodRow | RowRejection): r is RowRejection => 'code' in r;
