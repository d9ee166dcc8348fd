import { publishCoverage } from './coverage';

describe('publishCoverage', () => {
  it('suppresses small counts and the share built on them', () => {
    const p = publishCoverage({ careHomeResidents: { total: 40, withAgreedPlan: 3 }, proactiveCarePatients: { total: 0, withAgreedPlan: 0 }, plansOverdueReview: 0, plans: 12 });
    expect(p.careHomeResidents).toMatchObject({ total: 40, withAgreedPlan: '<5', share: null });
    expect(p.plansOverdueReview.count).toBe(0);
    expect(p.plans.count).toBe(12);
    expect(p.proactiveCarePatients).toMatchObject({ total: 0, withAgreedPlan: 0, share: null });
  });
  it('publishes shares when both counts are large enough', () => {
    expect(publishCoverage({ careHomeResidents: { total: 40, withAgreedPlan: 10 }, proactiveCarePatients: { total: 20, withAgreedPlan: 5 }, plansOverdueReview: 7, plans: 50 }).careHomeResidents.share).toBe(0.25);
  });
});
