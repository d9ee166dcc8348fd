import { managesUnit } from './unit-scope';

describe('managesUnit (bed managers act on their own teams’ units only)', () => {
  it('lets a manager act on a unit run by one of their teams', () => {
    expect(managesUnit({ teams: ['SKC-IC-DD', 'SKC-IC-SF'] }, 'SKC-IC-SF')).toBe(true);
  });

  it('refuses a unit run by another team, and a manager with no team', () => {
    expect(managesUnit({ teams: ['SKC-IC-DD'] }, 'SKC-IC-SF')).toBe(false);
    expect(managesUnit({ teams: [] }, 'SKC-IC-SF')).toBe(false);
  });

  it('refuses a unit with no team on record rather than letting anyone in', () => {
    expect(managesUnit({ teams: ['SKC-IC-DD'] }, null)).toBe(false);
  });
});
