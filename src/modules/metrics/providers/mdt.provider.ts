import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MdtService } from '../../mdt/mdt.service';
import { DEFINITIONS as D } from '../domain/definitions';
import { Measure, MetricsFilter, countMeasure, shareMeasure } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';

/** MDT meetings held, quorate, patients discussed and actions overdue (the MDT module's counts). */
@Injectable()
export class MdtMeasures implements MeasureProvider {
  readonly capability = 'mdt';

  constructor(private readonly mdt: MdtService) {}

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const m = await this.mdt.metrics({ practice: f.practice, locality: f.locality, from: f.from, to: f.to }, now, em);
    return [
      countMeasure(D.mdtsHeld, f, m.meetingsHeld),
      shareMeasure(D.mdtsQuorate, f, m.quorate, m.meetingsHeld),
      countMeasure(D.mdtPatients, f, m.patientsDiscussed),
      countMeasure(D.mdtActionsOverdue, f, m.actionsOverdue),
    ];
  }
}
