import { SuppressedCount, suppressCount, suppressedShare } from '../../../common/disclosure/small-numbers';

export interface CoverageCounts {
  careHomeResidents: { total: number; withAgreedPlan: number };
  plansOverdueReview: number;
  plans: number;
}

export interface PublishedCoverage {
  careHomeResidents: { total: SuppressedCount; withAgreedPlan: SuppressedCount; share: number | null; definition: string };
  plansOverdueReview: { count: SuppressedCount; definition: string };
  plans: { count: SuppressedCount; definition: string };
}

/** What a commissioner may see: counts 1-4 as "<5", shares built on them withheld. */
export function publishCoverage(c: CoverageCounts): PublishedCoverage {
  return {
    careHomeResidents: {
      total: suppressCount(c.careHomeResidents.total),
      withAgreedPlan: suppressCount(c.careHomeResidents.withAgreedPlan),
      share: suppressedShare(c.careHomeResidents.withAgreedPlan, c.careHomeResidents.total),
      definition: 'Living care-home residents whose current anticipatory care plan is agreed (GP and patient side), of all living care-home residents',
    },
    plansOverdueReview: { count: suppressCount(c.plansOverdueReview), definition: 'Current plan versions whose review date has passed' },
    plans: { count: suppressCount(c.plans), definition: 'Patients with an anticipatory care plan' },
  };
}
