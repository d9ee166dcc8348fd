import { SuppressedCount, suppressCount, suppressedShare } from '../../../common/disclosure/small-numbers';

type Group = { total: number; withAgreedPlan: number };
type PublishedGroup = { total: SuppressedCount; withAgreedPlan: SuppressedCount; share: number | null; definition: string };

export interface CoverageCounts {
  careHomeResidents: Group;
  proactiveCarePatients: Group;
  plansOverdueReview: number;
  plans: number;
}

export interface PublishedCoverage {
  careHomeResidents: PublishedGroup;
  proactiveCarePatients: PublishedGroup;
  plansOverdueReview: { count: SuppressedCount; definition: string };
  plans: { count: SuppressedCount; definition: string };
}

/** What a commissioner may see: counts 1-4 as "<5", shares built on them withheld. */
function group(g: Group, definition: string): PublishedGroup {
  return { total: suppressCount(g.total), withAgreedPlan: suppressCount(g.withAgreedPlan), share: suppressedShare(g.withAgreedPlan, g.total), definition };
}

export function publishCoverage(c: CoverageCounts): PublishedCoverage {
  return {
    careHomeResidents: group(
      c.careHomeResidents,
      'Living care-home residents whose current anticipatory care plan is agreed (GP and patient side), of all living care-home residents',
    ),
    proactiveCarePatients: group(
      c.proactiveCarePatients,
      'Patients in a Pro-Active Care episode (assessment to 12-week review) whose current plan is agreed, of all such patients',
    ),
    plansOverdueReview: { count: suppressCount(c.plansOverdueReview), definition: 'Current plan versions whose review date has passed' },
    plans: { count: suppressCount(c.plans), definition: 'Patients with an anticipatory care plan' },
  };
}
