import { Injectable } from '@nestjs/common';
import type { MeasureProvider } from './domain/registry';

/**
 * The order measures are reported in: Better Care Fund measures first, then local KPIs by
 * capability. Fixed here, because each capability's module registers its own provider and module
 * start-up order is not a contract. A capability not listed comes last, in registration order.
 */
export const CAPABILITY_ORDER = ['admissions', 'referrals', 'caseloads', 'care_plans', 'mdt', 'beds', 'discharge'];

/**
 * The measure providers, one per capability. A capability's module registers its provider in
 * onModuleInit; registering a capability again replaces it (a provider can stand in with "not yet
 * available" measures until its capability exists).
 */
@Injectable()
export class MetricsRegistry {
  private readonly providers = new Map<string, MeasureProvider>();

  register(provider: MeasureProvider): void {
    this.providers.set(provider.capability, provider);
  }

  all(): MeasureProvider[] {
    const rank = (p: MeasureProvider) => {
      const i = CAPABILITY_ORDER.indexOf(p.capability);
      return i < 0 ? CAPABILITY_ORDER.length : i;
    };
    return [...this.providers.values()].sort((a, b) => rank(a) - rank(b));
  }
}
