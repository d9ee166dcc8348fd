import { ValidationFailed } from '../../../common/errors/domain-error';
import { parseNhsNumber } from '../../../common/validation/nhs-number';
import { NHS_NUMBER_SYSTEM } from './common';

/** A date search value as a half-open instant range with its comparison prefix. */
export interface DateFilter {
  prefix: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le';
  start: number;
  end: number;
}

const DATE = /^(eq|ne|gt|lt|ge|le)?(\d{4})(?:-(\d{2})(?:-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;

/**
 * Parses a FHIR date search value (`ge2026-01-01`, `2026-03`, `lt2026-01-01T10:00:00Z`) into the
 * range its precision covers; null when it is not a date.
 */
export function parseDateFilter(raw: string): DateFilter | null {
  const m = DATE.exec(raw);
  if (!m) return null;
  const prefix = (m[1] ?? 'eq') as DateFilter['prefix'];
  const [y, mo, d, time] = [Number(m[2]), m[3] ? Number(m[3]) : null, m[4] ? Number(m[4]) : null, m[5]];
  if (time) {
    const t = Date.parse(`${m[2]}-${m[3]}-${m[4]}${time}`);
    if (Number.isNaN(t)) return null;
    return { prefix, start: t, end: t + 1 };
  }
  if (mo !== null && (mo < 1 || mo > 12)) return null;
  const start = Date.UTC(y, (mo ?? 1) - 1, d ?? 1);
  if (d !== null && new Date(start).getUTCDate() !== d) return null;
  const end = d !== null ? Date.UTC(y, (mo as number) - 1, d + 1) : mo !== null ? Date.UTC(y, mo, 1) : Date.UTC(y + 1, 0, 1);
  return { prefix, start, end };
}

/** Whether an instant (ISO string) satisfies every filter. A missing value matches nothing. */
export function matchesDates(value: string | undefined, filters: readonly DateFilter[]): boolean {
  if (filters.length === 0) return true;
  if (!value) return false;
  const v = Date.parse(value);
  return filters.every((f) => {
    switch (f.prefix) {
      case 'eq':
        return v >= f.start && v < f.end;
      case 'ne':
        return v < f.start || v >= f.end;
      case 'gt':
        return v >= f.end;
      case 'ge':
        return v >= f.start;
      case 'lt':
        return v < f.start;
      case 'le':
        return v < f.end;
      default:
        return false;
    }
  });
}

/** The NHS number a `patient` (id or Patient/id) or `identifier` (system|value) parameter names. */
export function nhsNumberFrom(param: 'patient' | 'identifier' | '_id', raw: string): string {
  let value = raw.trim();
  if (param === 'patient') value = value.replace(/^Patient\//, '');
  if (param === 'identifier') {
    const bar = value.indexOf('|');
    if (bar >= 0) {
      if (value.slice(0, bar) !== NHS_NUMBER_SYSTEM) {
        throw new ValidationFailed(`Search identifiers by ${NHS_NUMBER_SYSTEM}|<NHS number>`, [{ field: 'identifier', message: `system must be ${NHS_NUMBER_SYSTEM}` }]);
      }
      value = value.slice(bar + 1);
    }
  }
  const nhs = parseNhsNumber(value);
  if (!nhs.ok) throw new ValidationFailed(`${param} is not a valid NHS number`, [{ field: param, message: nhs.reason }]);
  return nhs.value;
}

/** Raw query values: a repeated parameter arrives as an array. */
export function values(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function dateFilters(param: string, raw: string | string[] | undefined): DateFilter[] {
  return values(raw).map((r) => {
    const f = parseDateFilter(r);
    if (!f) throw new ValidationFailed(`${param} is not a FHIR date search value`, [{ field: param, message: 'must be [eq|ne|gt|ge|lt|le]YYYY[-MM[-DD[Thh:mm:ss+zz:zz]]]' }]);
    return f;
  });
}

/** Search and result parameters each resource type supports (the CapabilityStatement lists them). */
export const SEARCH_PARAMS: Record<string, readonly string[]> = {
  Patient: ['_id', 'identifier', 'family', 'birthdate', '_lastUpdated'],
  ServiceRequest: ['patient', 'status', '_lastUpdated', 'date'],
  Task: ['patient', 'status', 'code', '_lastUpdated'],
  Flag: ['patient', '_lastUpdated', 'date'],
  Encounter: ['patient', 'status', '_lastUpdated', 'date'],
  CarePlan: ['patient', '_lastUpdated'],
  Consent: ['patient'],
  EpisodeOfCare: ['patient', 'status'],
  Organization: ['identifier', '_lastUpdated'],
  HealthcareService: ['identifier', '_lastUpdated'],
  Location: ['partof', '_lastUpdated'],
};
export const RESULT_PARAMS = ['_count', '_cursor', '_include', '_sort'] as const;
/** `_sort` values that match the order the service already reads in (no other order is offered). */
export const SORTS: Record<string, readonly string[]> = { Encounter: ['-date'] };
/** Types whose `_include` of the Patient is supported. */
export const INCLUDES_PATIENT = ['ServiceRequest', 'Task', 'Flag', 'Encounter', 'CarePlan', 'Consent', 'EpisodeOfCare'] as const;

/** 400 for a parameter the type does not support (silently ignoring it would return wrong matches). */
export function checkParams(type: string, query: Record<string, unknown>): void {
  const allowed = new Set([...(SEARCH_PARAMS[type] ?? []), ...RESULT_PARAMS]);
  const errors = Object.keys(query)
    .filter((k) => query[k] !== undefined && !allowed.has(k))
    .map((k) => ({ field: k, message: `is not a supported search parameter for ${type}` }));
  const sort = query._sort;
  if (typeof sort === 'string' && !(SORTS[type] ?? []).includes(sort)) {
    errors.push({ field: '_sort', message: `${type} supports ${(SORTS[type] ?? []).join(', ') || 'no _sort (results come in its documented order)'}` });
  }
  const include = query._include;
  if (typeof include === 'string' && !(INCLUDES_PATIENT.includes(type as never) && [`${type}:patient`, `${type}:subject`].includes(include))) {
    errors.push({ field: '_include', message: `${type} supports ${INCLUDES_PATIENT.includes(type as never) ? `${type}:patient` : 'no _include'}` });
  }
  if (errors.length) throw new ValidationFailed('Unsupported search parameter', errors);
}
