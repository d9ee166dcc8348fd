import { Injectable } from '@nestjs/common';
import type { MeasureProvider } from './domain/registry';

/**
 * The measure providers, one per capability, in registration order. A capability's module
 * registers its provider in onModuleInit; registering a capability again replaces it (a provider
 * can stand in with "not yet available" measures until its capability exists).
 */
@Injectable()
export class MetricsRegistry {
  private readonly providers = new Map<string, MeasureProvider>();

  register(provider: MeasureProvider): void {
    this.providers.set(provider.capability, provider);
  }

  all(): MeasureProvider[] {
    return [...this.providers.values()];
  }
}
