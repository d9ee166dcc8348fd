import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../metrics/domain/definitions';
import { Measure, MetricsFilter, countMeasure, shareMeasure } from '../metrics/domain/measures';
import type { MeasureProvider } from '../metrics/domain/registry';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { MdtMetricsRepository } from './metrics.repository';

/** MDT meetings held, quorate, patients discussed and actions overdue, for the metrics report (registered by the MDT module itself). */
@Injectable()
export class MdtMeasures implements MeasureProvider, OnModuleInit {
  readonly capability = 'mdt';

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly counts: MdtMetricsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const m = await this.counts.counts(em, { practice: f.practice, locality: f.locality, from: f.from, to: f.to }, now);
    return [
      countMeasure(D.mdtsHeld, f, m.meetingsHeld),
      shareMeasure(D.mdtsQuorate, f, m.quorate, m.meetingsHeld),
      countMeasure(D.mdtPatients, f, m.patientsDiscussed),
      countMeasure(D.mdtActionsOverdue, f, m.actionsOverdue),
    ];
  }
}
