import type { Request } from 'express';
import type { RequestContext } from '../../common/auth/principal';
import { searchBundle } from './domain/bundle';
import { checkParams } from './domain/search';
import type { FhirSearchQuery } from './dto/fhir-search.query';
import type { FhirClinicalService } from './fhir-clinical.service';
import type { SearchResult } from './fhir-search';

export const FHIR_BASE_PATH = 'fhir/R4';

export function fhirBase(req: Request): string {
  return `${req.protocol}://${req.get('host')}/${FHIR_BASE_PATH}`;
}

/**
 * One search from HTTP to Bundle: checks the parameters the type supports, runs the search, adds
 * the Patients of `_include` (each through the access gate) and builds the paged searchset.
 */
export async function runSearch(
  req: Request,
  ctx: RequestContext,
  type: string,
  q: FhirSearchQuery,
  search: () => Promise<SearchResult>,
  clinical?: FhirClinicalService,
) {
  checkParams(type, q as Record<string, unknown>);
  const found = await search();
  const included = q._include && clinical ? await clinical.includePatients(ctx, found.patients) : [];
  return searchBundle({ selfUrl: req.originalUrl, base: fhirBase(req), matches: found.matches, included, next: found.next });
}
