import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { suppressCount } from '../../common/disclosure/small-numbers';
import { DEFINITIONS as D } from '../metrics/domain/definitions';
import { type Day91Status, type Measure, type MetricsFilter, ratePer100k, shareMeasure, stillAtHome91 } from '../metrics/domain/measures';
import type { MeasureProvider } from '../metrics/domain/registry';
import { params } from '../metrics/providers/sql';
import { denominatorFor, withPopulation } from '../populations/population.queries';
import { ResidencesForAdmissionsRepository } from '../residences/for-admissions.repository';
import { TasksForAdmissionsRepository } from '../tasks/for-admissions.repository';
import { AdmissionMeasuresRepository } from './admission-measures.repository';

/**
 * Admissions and discharge: the Better Care Fund measures (emergency admissions of known patients,
 * permanent care-home admissions 65+, still at home at 91 days) and the local ones
 * (30-day readmissions, EDD within 24 h, follow-ups within 7 days). Registered with the metrics
 * registry by the admissions module.
 */
@Injectable()
export class AdmissionMeasures implements MeasureProvider {
  readonly capability = 'admissions';

  constructor(
    private readonly repo: AdmissionMeasuresRepository,
    private readonly residences: ResidencesForAdmissionsRepository,
    private readonly tasks: TasksForAdmissionsRepository,
  ) {}

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const adm = await this.repo.admissions(em, f, now);
    // Residential admissions 65+ from every route (hospital discharges, community bed stays, social care).
    const routes = await this.residences.careHomeMoves65(em, f, now);
    const careHome65 = routes.reduce((n, r) => n + r.n, 0);
    const pop = await this.repo.registered(em, f, now);
    const day91 = await this.repo.day91(em, f, now);
    const fu = await this.tasks.followUps(em, f, now);
    const over65 = await denominatorFor(em, params(f, now), 65, pop.over65);
    const counts = Object.fromEntries(day91.map((r) => [r.status, r.n])) as Partial<Record<Day91Status, number>>;
    const home = stillAtHome91(counts);
    const at91 = shareMeasure(D.stillAtHome91, f, home.numerator, home.denominator);
    return [
      shareMeasure(D.emergencyAdmissionsKnown, f, adm.known, adm.emergency),
      {
        ...withPopulation(ratePer100k(D.permanentCareHome65, f, careHome65, over65.persons), over65, 65),
        breakdown: ['bed_stay_discharge', 'hospital_discharge', 'update'].map((key) => ({ key, count: suppressCount(routes.find((r) => r.source === key)?.n ?? 0) })),
      },
      home.pending > 0 ? { ...at91, note: `${home.pending < 5 ? '<5' : home.pending} discharges in the period have not reached day 91 yet` } : at91,
      shareMeasure(D.readmissions30, f, adm.readmissions, adm.emergency),
      shareMeasure(D.eddWithin24h, f, adm.edd_24h, adm.old_enough),
      shareMeasure(D.followUpsWithin7Days, f, fu.within, fu.due),
    ];
  }
}
