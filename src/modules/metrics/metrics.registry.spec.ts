import type { MeasureProvider } from './domain/registry';
import { MetricsRegistry } from './metrics.registry';

const provider = (capability: string) => ({ capability }) as unknown as MeasureProvider;

describe('MetricsRegistry', () => {
  it('reports capabilities in the fixed order whatever order their modules registered in', () => {
    const r = new MetricsRegistry();
    for (const c of ['discharge', 'local_extra', 'beds', 'mdt', 'referrals', 'admissions', 'care_plans', 'caseloads']) r.register(provider(c));
    expect(r.all().map((p) => p.capability)).toEqual(['admissions', 'referrals', 'caseloads', 'care_plans', 'mdt', 'beds', 'discharge', 'local_extra']);
  });

  it('a capability registered again replaces its provider', () => {
    const r = new MetricsRegistry();
    const first = provider('beds');
    const second = provider('beds');
    r.register(first);
    r.register(second);
    expect(r.all()).toEqual([second]);
  });
});
