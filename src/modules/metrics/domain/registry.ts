import type { EntityManager } from 'typeorm';
import type { Measure, MetricsFilter } from './measures';

/**
 * One capability's measures: aggregate SQL through `em` (the report's single snapshot
 * transaction) into counts, and pure functions from those counts into published measures.
 */
export interface MeasureProvider {
  /** Unique per capability: registering the same capability again replaces the provider. */
  readonly capability: string;
  measures(em: EntityManager, filter: MetricsFilter, now: Date): Promise<Measure[]>;
}
