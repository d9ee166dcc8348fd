import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../domain/definitions';
import { Measure, MetricsFilter, unavailableMeasure } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';

const NOTE = 'Not yet available: MDT meetings are not recorded by this service yet.';

/**
 * Placeholder until the MDT capability registers its own provider under the same capability name
 * (MetricsRegistry.register replaces it): the measures are listed as unavailable, never faked.
 */
@Injectable()
export class MdtMeasuresPending implements MeasureProvider {
  readonly capability = 'mdt';

  async measures(_em: EntityManager, f: MetricsFilter): Promise<Measure[]> {
    return [D.mdtsHeld, D.mdtsQuorate, D.mdtPatients, D.mdtActionsOverdue].map((d) => unavailableMeasure(d, f, NOTE));
  }
}
