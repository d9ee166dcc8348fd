import type { AgendaCandidate } from './domain/agenda';
import { type AgendaQuery, MdtAgendaRegistry, type MdtAgendaSource } from './mdt-agenda.registry';

const q: AgendaQuery = { practiceOds: 'P1', since: null, meetingStart: new Date('2026-03-03T13:00:00Z'), now: new Date('2026-03-01T00:00:00Z') };
const source = (name: string, out: AgendaCandidate[], seen: AgendaQuery[] = []): MdtAgendaSource => ({
  name,
  reasons: ['care_plan_overdue_review'],
  candidates: async (_em, query) => {
    seen.push(query);
    return out;
  },
});
const cand = (id: string): AgendaCandidate => ({ patientId: id, nhsNumber: '9990000018', reason: 'care_plan_overdue_review', priority: 0 });

describe('MdtAgendaRegistry', () => {
  it('asks every registered source with the same query and concatenates their candidates', async () => {
    const r = new MdtAgendaRegistry();
    const seen: AgendaQuery[] = [];
    r.register(source('a', [cand('p1')], seen));
    r.register(source('b', [cand('p2'), cand('p3')], seen));
    const got = await r.candidates({} as never, q);
    expect(got.map((c) => c.patientId)).toEqual(['p1', 'p2', 'p3']);
    expect(seen).toEqual([q, q]);
  });

  it('registers a source once by name (modules may initialise twice in tests)', async () => {
    const r = new MdtAgendaRegistry();
    r.register(source('a', [cand('p1')]));
    r.register(source('a', [cand('p9')]));
    expect(r.names()).toEqual(['a']);
    expect((await r.candidates({} as never, q)).map((c) => c.patientId)).toEqual(['p1']);
  });
});
