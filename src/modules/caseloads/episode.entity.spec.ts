import { CLOSED_EPISODE_STATUSES } from './domain/episode-state';
import { CLOSED_EPISODE_SQL_LIST, OPEN_EPISODE_SQL } from './episode.entity';

describe('the closed statuses as SQL', () => {
  it('lists exactly the closed episode statuses', () => {
    expect(CLOSED_EPISODE_SQL_LIST.split(',').map((s) => s.trim().replace(/'/g, '')).sort()).toEqual([...CLOSED_EPISODE_STATUSES].sort());
  });

  it('is the open-episode condition of the one-open-episode index', () => {
    expect(OPEN_EPISODE_SQL).toBe(`status NOT IN ('declined', 'completed', 'withdrawn')`);
  });
});
