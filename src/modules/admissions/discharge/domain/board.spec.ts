import { filtersComposedState } from './board';

describe('filtersComposedState', () => {
  it('is true for a filter on pathway, readiness or length of stay, false for none', () => {
    expect(filtersComposedState({})).toBe(false);
    expect(filtersComposedState({ pathway: '1' })).toBe(true);
    expect(filtersComposedState({ readyForTransfer: false })).toBe(true);
    expect(filtersComposedState({ longStay: 7 })).toBe(true);
  });
});
