import type { EntityManager } from 'typeorm';
import type { Measure } from '../metrics/domain/measures';
import { type PopulationDenominator, denominatorNote } from './domain/population-rows';
import { PopulationEstimatesRepository } from './population-estimates.repository';

/**
 * Population denominators for the metrics providers of other modules, as plain functions (they
 * hold no state): the statements are PopulationEstimatesRepository's, which PopulationsModule also
 * exports for injection.
 */
const estimates = new PopulationEstimatesRepository();

/** The estimated population aged `ageFrom`+ for a metrics filter's parameters, or null (see PopulationEstimatesRepository.estimated). */
export function estimatedPopulation(em: EntityManager, p: unknown[], ageFrom: number): Promise<PopulationDenominator | null> {
  return estimates.estimated(em, p, ageFrom);
}

/** The denominator for a rate: the estimate when loaded, else the registered list (labelled as such). */
export async function denominatorFor(em: EntityManager, p: unknown[], ageFrom: number, registered: number): Promise<PopulationDenominator> {
  return (await estimatedPopulation(em, p, ageFrom)) ?? { persons: registered, source: 'registered_list', year: null };
}

/** Labels a per-100,000 measure with where its denominator came from (and which year). */
export function withPopulation(m: Measure, d: PopulationDenominator, ageFrom: number): Measure {
  const label = denominatorNote(d, ageFrom);
  return { ...m, population: { source: d.source, year: d.year, ageFrom }, note: m.note ? `${m.note} ${label}` : label };
}
