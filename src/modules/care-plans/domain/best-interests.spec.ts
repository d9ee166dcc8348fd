import { bestInterestsProblems } from './best-interests';

describe('bestInterestsProblems', () => {
  it('needs the decision maker and whether a health and welfare LPA exists', () => {
    expect(bestInterestsProblems({ decision: 'best_interests' }).map((e) => e.field)).toEqual(['decisionMaker', 'healthAndWelfareLpa']);
    expect(bestInterestsProblems({ decision: 'best_interests', decisionMaker: 'Dr A, GP', healthAndWelfareLpa: false })).toEqual([]);
  });

  it('with an LPA the attorney decides', () => {
    expect(bestInterestsProblems({ decision: 'best_interests', decisionMaker: 'Dr A, GP', healthAndWelfareLpa: true }).map((e) => e.field)).toEqual(['decisionMakerIsAttorney']);
    expect(bestInterestsProblems({ decision: 'best_interests', decisionMaker: 'Sam (daughter)', healthAndWelfareLpa: true, decisionMakerIsAttorney: true })).toEqual([]);
  });

  it('other decisions carry none of it', () => {
    expect(bestInterestsProblems({ decision: 'granted' })).toEqual([]);
    expect(bestInterestsProblems({ decision: 'declined', decisionMaker: 'x' })).toEqual([{ field: 'decisionMaker', message: 'applies only to a best_interests decision' }]);
  });
});
