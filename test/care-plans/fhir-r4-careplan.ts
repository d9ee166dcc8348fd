/**
 * A structural check of a FHIR R4 CarePlan written from the specification
 * (https://hl7.org/fhir/R4/careplan.html), independent of the code under test; the export test
 * also runs the `fhir` package's R4 validator. This checks, for our output: known elements
 * only, cardinality of the required ones, the status and intent
 * value sets, primitive formats (id, instant, dateTime, uri), the shapes of Meta, Reference,
 * Identifier, Period and Annotation, and that no value is null, empty or blank.
 */
const CAREPLAN_ELEMENTS = new Set([
  'resourceType', 'id', 'meta', 'implicitRules', 'language', 'text', 'contained', 'extension', 'modifierExtension',
  'identifier', 'instantiatesCanonical', 'instantiatesUri', 'basedOn', 'replaces', 'partOf', 'status', 'intent',
  'category', 'title', 'description', 'subject', 'encounter', 'period', 'created', 'author', 'contributor',
  'careTeam', 'addresses', 'supportingInfo', 'goal', 'activity', 'note',
]);
const ARRAYS = new Set(['contained', 'extension', 'modifierExtension', 'identifier', 'instantiatesCanonical', 'instantiatesUri', 'basedOn', 'replaces', 'partOf', 'category', 'contributor', 'careTeam', 'addresses', 'supportingInfo', 'goal', 'activity', 'note']);
// request-status and care-plan-intent value sets (required bindings)
const STATUS = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
const INTENT = ['proposal', 'plan', 'order', 'option'];

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const INSTANT = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
const DATETIME = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;
const URI = /^\S+$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function noEmpties(v: unknown, path: string, errors: string[]): void {
  if (v === null || v === undefined) errors.push(`${path}: null is not allowed in FHIR JSON`);
  else if (typeof v === 'string' && v.trim() === '') errors.push(`${path}: empty string`);
  else if (Array.isArray(v)) {
    if (v.length === 0) errors.push(`${path}: empty array`);
    for (const [i, x] of v.entries()) noEmpties(x, `${path}[${i}]`, errors);
  } else if (isObject(v)) {
    if (Object.keys(v).length === 0) errors.push(`${path}: empty object`);
    for (const [k, x] of Object.entries(v)) noEmpties(x, `${path}.${k}`, errors);
  }
}

function only(v: Json, allowed: string[], path: string, errors: string[]): void {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) errors.push(`${path}.${k}: not an element of this type`);
}

function identifier(v: unknown, path: string, errors: string[]): void {
  if (!isObject(v)) return void errors.push(`${path}: must be an Identifier`);
  only(v, ['id', 'extension', 'use', 'type', 'system', 'value', 'period', 'assigner'], path, errors);
  if (v.system !== undefined && !(typeof v.system === 'string' && URI.test(v.system))) errors.push(`${path}.system: must be a uri`);
  if (v.value !== undefined && typeof v.value !== 'string') errors.push(`${path}.value: must be a string`);
}

function reference(v: unknown, path: string, errors: string[]): void {
  if (!isObject(v)) return void errors.push(`${path}: must be a Reference`);
  only(v, ['id', 'extension', 'reference', 'type', 'identifier', 'display'], path, errors);
  if (v.type !== undefined && !(typeof v.type === 'string' && URI.test(v.type))) errors.push(`${path}.type: must be a uri`);
  if (v.identifier !== undefined) identifier(v.identifier, `${path}.identifier`, errors);
  if (v.display !== undefined && typeof v.display !== 'string') errors.push(`${path}.display: must be a string`);
  if (v.reference === undefined && v.identifier === undefined && v.display === undefined) errors.push(`${path}: ref-1 needs reference, identifier or display`);
}

export function validateCarePlanR4(resource: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(resource)) return ['not a JSON object'];
  noEmpties(resource, 'CarePlan', errors);
  if (resource.resourceType !== 'CarePlan') errors.push('resourceType must be CarePlan');
  for (const k of Object.keys(resource)) {
    if (!CAREPLAN_ELEMENTS.has(k)) errors.push(`CarePlan.${k}: not an element of CarePlan`);
    if (ARRAYS.has(k) && !Array.isArray(resource[k])) errors.push(`CarePlan.${k}: must be an array (0..*)`);
    if (!ARRAYS.has(k) && Array.isArray(resource[k])) errors.push(`CarePlan.${k}: must not be an array (0..1)`);
  }
  if (resource.id !== undefined && !(typeof resource.id === 'string' && ID.test(resource.id))) errors.push('CarePlan.id: not a FHIR id');
  if (resource.meta !== undefined) {
    const meta = resource.meta;
    if (!isObject(meta)) errors.push('CarePlan.meta: must be a Meta');
    else {
      only(meta, ['id', 'extension', 'versionId', 'lastUpdated', 'source', 'profile', 'security', 'tag'], 'CarePlan.meta', errors);
      if (meta.versionId !== undefined && !(typeof meta.versionId === 'string' && ID.test(meta.versionId))) errors.push('CarePlan.meta.versionId: not a FHIR id');
      if (meta.lastUpdated !== undefined && !(typeof meta.lastUpdated === 'string' && INSTANT.test(meta.lastUpdated))) errors.push('CarePlan.meta.lastUpdated: not an instant');
    }
  }
  if (!STATUS.includes(resource.status as string)) errors.push('CarePlan.status: required, from request-status');
  if (!INTENT.includes(resource.intent as string)) errors.push('CarePlan.intent: required, from care-plan-intent');
  if (resource.subject === undefined) errors.push('CarePlan.subject: required (1..1)');
  else reference(resource.subject, 'CarePlan.subject', errors);
  for (const k of ['title', 'description']) if (resource[k] !== undefined && typeof resource[k] !== 'string') errors.push(`CarePlan.${k}: must be a string`);
  if (resource.period !== undefined) {
    const p = resource.period;
    if (!isObject(p)) errors.push('CarePlan.period: must be a Period');
    else {
      only(p, ['id', 'extension', 'start', 'end'], 'CarePlan.period', errors);
      for (const k of ['start', 'end'] as const) if (p[k] !== undefined && !(typeof p[k] === 'string' && DATETIME.test(p[k] as string))) errors.push(`CarePlan.period.${k}: not a dateTime`);
      if (typeof p.start === 'string' && typeof p.end === 'string' && p.start > p.end) errors.push('CarePlan.period: per-1 start must not be after end');
    }
  }
  if (resource.created !== undefined && !(typeof resource.created === 'string' && DATETIME.test(resource.created))) errors.push('CarePlan.created: not a dateTime');
  if (resource.author !== undefined) reference(resource.author, 'CarePlan.author', errors);
  if (Array.isArray(resource.contributor)) {
    for (const [i, c] of resource.contributor.entries()) reference(c, `CarePlan.contributor[${i}]`, errors);
  }
  if (Array.isArray(resource.note)) {
    for (const [i, n] of resource.note.entries()) {
      const path = `CarePlan.note[${i}]`;
      if (!isObject(n)) {
        errors.push(`${path}: must be an Annotation`);
        continue;
      }
      only(n, ['id', 'extension', 'authorReference', 'authorString', 'time', 'text'], path, errors);
      if (typeof n.text !== 'string') errors.push(`${path}.text: required (1..1) markdown`);
    }
  }
  return errors;
}
