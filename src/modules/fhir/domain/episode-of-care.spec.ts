import { EPISODE_STATUS, toFhirEpisodeOfCare } from './episode-of-care';

const episode = {
  id: 'e1',
  nhsNumber: '9990000018',
  practiceOds: 'Z99001',
  status: 'active',
  careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' },
  statusChangedAt: '2026-02-01T00:00:00.000Z',
  startedAt: '2026-02-01T00:00:00.000Z',
  plannedEndAt: '2026-04-26T00:00:00.000Z',
  endedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  version: 4,
  history: [
    { at: '2026-01-01T00:00:00.000Z', from: null, to: 'identified' },
    { at: '2026-01-10T00:00:00.000Z', from: 'identified', to: 'assessment' },
    { at: '2026-02-01T00:00:00.000Z', from: 'assessment', to: 'active' },
  ],
};

describe('toFhirEpisodeOfCare', () => {
  it('gives each state a period in statusHistory, the last one open', () => {
    const e = toFhirEpisodeOfCare(episode);
    expect(e.statusHistory).toEqual([
      { status: 'planned', period: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-10T00:00:00.000Z' } },
      { status: 'waitlist', period: { start: '2026-01-10T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z' } },
      { status: 'active', period: { start: '2026-02-01T00:00:00.000Z' } },
    ]);
    expect(e).toMatchObject({ status: 'active', period: { start: episode.startedAt, end: episode.plannedEndAt }, managingOrganization: { reference: 'Organization/Z99001' } });
  });

  it('maps every episode state to an episode-of-care-status', () => {
    const allowed = ['planned', 'waitlist', 'active', 'onhold', 'finished', 'cancelled', 'entered-in-error'];
    for (const s of ['identified', 'invited', 'declined', 'assessment', 'mdt_review', 'active', 'review_due', 'completed', 'withdrawn']) {
      expect(allowed).toContain(EPISODE_STATUS[s]);
    }
  });
});
