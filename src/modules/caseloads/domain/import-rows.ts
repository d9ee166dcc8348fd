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

/** How many rejected rows an import's answer lists (the first, by row); `rejectedCount` counts them all. */
export const MAX_REJECTIONS_LISTED = 1000;

/**
 * The rejected rows an answer lists, kept bounded whatever the file's size: the first `limit` by
 * row, and a count of all of them. Rows arrive in order from the reader; the database's rejections
 * (duplicates, patients not at the practice) are merged in at the end.
 */
export class RejectionList {
  /** Sorted by row; rows mostly arrive in order, so this appends. */
  private readonly kept: RowRejection[] = [];
  count = 0;

  constructor(private readonly limit = MAX_REJECTIONS_LISTED) {}

  add(r: RowRejection): void {
    this.count++;
    const last = this.kept[this.kept.length - 1];
    if (this.kept.length === this.limit && r.row >= last.row) return;
    if (!last || r.row >= last.row) this.kept.push(r);
    else this.kept.splice(this.kept.findIndex((k) => k.row > r.row), 0, r);
    if (this.kept.length > this.limit) this.kept.pop();
  }

  /** Adds rejections found elsewhere: `listed` are the first of `total` (by row). */
  merge(listed: RowRejection[], total: number): void {
    for (const r of listed) this.add(r);
    this.count += total - listed.length;
  }

  get listed(): RowRejection[] {
    return [...this.kept];
  }
}

/** Why a CSV header cannot be used, or null: it names the NHS number and score columns once each. */
export function headerProblem(header: string[]): string | null {
  if (!header.some((h) => NHS_NUMBER_COLUMNS.includes(h.toLowerCase())) || !header.includes('score')) return 'header needs nhs_number (or nhsNumber) and score';
  if (new Set(header).size !== header.length || header.some((h) => h === '')) return 'column names must be present and distinct';
  return null;
}

/**
 * One CSV record (after the header) as the row checker takes it: header-keyed strings, or a
 * ROW_MALFORMED rejection when its field count differs from the header's.
 */
export function csvRecord(header: string[], line: number, fields: string[]): { row: number; input: Record<string, string> } | RowRejection {
  if (fields.length !== header.length) {
    const nhsIndex = header.findIndex((h) => NHS_NUMBER_COLUMNS.includes(h.toLowerCase()));
    return { row: line, nhsNumber: fields[nhsIndex]?.slice(0, 20) || null, code: 'ROW_MALFORMED', message: `has ${fields.length} fields, the header ${header.length}` };
  }
  const input: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) input[header[i]] = fields[i];
  return { row: line, input };
}

/** The line a record starts on, from the line it ends on and the line breaks inside its (quoted) fields. */
export function recordStartLine(endLine: number, fields: string[]): number {
  let breaks = 0;
  for (const f of fields) {
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) breaks++;
  }
  return endLine - breaks;
}

/**
 * A checked row as one line of PostgreSQL's COPY text format (row, NHS number, score, factors as
 * JSON): tab-separated, `\N` for null, backslashes doubled. JSON text never holds a raw tab or line
 * break (JSON.stringify escapes them), so doubling the backslashes is the only escape it needs.
 */
export function stagedLine(r: GoodRow): string {
  const factors = r.factors ? JSON.stringify(r.factors).replaceAll('\\', '\\\\') : '\\N';
  return `${r.row}\t${r.nhsNumber}\t${r.score}\t${factors}\n`;
}

/** The message of a rejection the database finds (by code). */
export function storedRejectionMessage(code: 'DUPLICATE_ROW' | 'PATIENT_NOT_AT_PRACTICE', practiceOds: string): string {
  return code === 'DUPLICATE_ROW' ? 'this NHS number appears earlier in the import' : `no patient with this NHS number is registered at ${practiceOds}`;
}
