import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RefusalLedger } from '../../common/access/refusal-ledger';
import { Clock } from '../../common/clock';
import { ValidationFailed } from '../../common/errors/domain-error';
import { BedDemandRepository, NewRefusal } from './bed-demand.repository';
import { BedMixService } from './bed-mix.service';
import { observedRates, parseHistoryWeeks, weekStart } from './domain/demand';
import type { CloseCause } from './domain/types';

const WEEK_MS = 7 * 86_400_000;
const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

export type BedRefusal = NewRefusal;

/**
 * Unmet demand (requests refused on arrival because no bed could take them, and requests closed
 * without a bed: step-up demand that expired, or whose patient was admitted to hospital first),
 * per week and direction; and the Erlang capacity plan from the
 * arrival rate and length of stay actually observed over the last N weeks.
 */
@Injectable()
export class BedDemandService {
  constructor(
    private readonly db: DataSource,
    private readonly mix: BedMixService,
    private readonly clock: Clock,
    private readonly demand: BedDemandRepository,
  ) {}

  /**
   * A request refused on arrival: counted once the request's own transaction has rolled back (the
   * refusal changes nothing else), or at once outside a request.
   */
  async noteRefusal(r: BedRefusal): Promise<void> {
    const write = (em: EntityManager) => this.demand.insertRefusal(em, r);
    if (!RefusalLedger.defer(write)) await write(this.db.manager);
  }

  /** Weeks (Monday 00:00 UTC), newest first, each with both directions (zeros included). */
  async unmetDemand(q: { weeks: number }, now = this.clock.now()) {
    const first = new Date(weekStart(now).getTime() - (q.weeks - 1) * WEEK_MS);
    const rows = await this.demand.unmetSince(this.db.manager, first);
    const items = [];
    for (let i = q.weeks - 1; i >= 0; i--) {
      const week = new Date(first.getTime() + i * WEEK_MS);
      for (const direction of ['step_down', 'step_up'] as const) {
        const here = rows.filter((r) => r.week.getTime() === week.getTime() && r.direction === direction);
        const count = (cause: CloseCause | 'refused') => here.find((r) => r.cause === cause)?.count ?? 0;
        const refused = count('refused');
        const expired = count('expired');
        const admittedToHospital = count('admitted_to_hospital');
        items.push({ weekStart: week.toISOString(), direction, refused, expired, admittedToHospital, total: refused + expired + admittedToHospital });
      }
    }
    return { weeks: q.weeks, from: first.toISOString(), items };
  }

  /** Typed-in rates, or (`fromHistory=12w`) the rates observed over the last N weeks. */
  async capacityPlan(q: { arrivalsPerWeek?: number; meanLengthOfStayDays?: number; maxRefusalRate: number; fromHistory?: string }, now = this.clock.now()) {
    if (q.fromHistory === undefined) {
      const missing = (['arrivalsPerWeek', 'meanLengthOfStayDays'] as const).filter((f) => q[f] === undefined);
      if (missing.length) {
        throw new ValidationFailed('Give arrivalsPerWeek and meanLengthOfStayDays, or fromHistory', missing.map((field) => ({ field, message: 'is required without fromHistory' })));
      }
      return this.mix.capacityPlan({ arrivalsPerWeek: q.arrivalsPerWeek as number, meanLengthOfStayDays: q.meanLengthOfStayDays as number, maxRefusalRate: q.maxRefusalRate });
    }
    const weeks = parseHistoryWeeks(q.fromHistory);
    if (weeks === null) throw new ValidationFailed('fromHistory is a number of weeks, e.g. 12w', [{ field: 'fromHistory', message: 'must be 1w to 104w' }]);
    const from = new Date(now.getTime() - weeks * WEEK_MS);
    const row = await this.demand.observed(this.db.manager, from, now);
    const observed = { weeks, arrivals: row.arrivals, discharges: row.discharges, totalLengthOfStayDays: row.totalLengthOfStayDays, unmet: row.unmet };
    const rates = observedRates(observed);
    if (!rates) {
      throw new ValidationFailed(`Not enough history in the last ${weeks} weeks to plan from`, [
        { field: 'fromHistory', message: 'needs at least one request and one discharged stay in the window' },
      ]);
    }
    const plan = this.mix.capacityPlan({ arrivalsPerWeek: rates.arrivalsPerWeek, meanLengthOfStayDays: rates.meanLengthOfStayDays, maxRefusalRate: q.maxRefusalRate });
    return {
      ...plan,
      arrivalsPerWeek: round(rates.arrivalsPerWeek),
      meanLengthOfStayDays: round(rates.meanLengthOfStayDays),
      fromHistory: {
        weeks,
        from: from.toISOString(),
        to: now.toISOString(),
        arrivals: observed.arrivals,
        discharges: observed.discharges,
        unmet: observed.unmet,
        unmetRate: rates.unmetRate === null ? null : round(rates.unmetRate),
        bedsOpen: row.bedsOpen,
      },
    };
  }
}
