import { AGENDA_REASONS, type AgendaCandidate, type AgendaReason, buildAgenda, capacityOf, compareCandidates } from './agenda';

const c = (n: number, reason: AgendaReason, priority = 0): AgendaCandidate => ({ patientId: `p${n}`, nhsNumber: `99900000${String(n).padStart(2, '0')}`, reason, priority });
const base = { rolledOver: [], manual: [], removed: [], durationMinutes: 60, minutesPerPatient: 10 };
const ids = (items: { patientId: string }[]) => items.map((i) => i.patientId);

describe('agenda capacity', () => {
  it('is whole patients: duration / minutes per patient, rounded down', () => {
    expect(capacityOf(60, 10)).toBe(6);
    expect(capacityOf(59, 10)).toBe(5);
    expect(capacityOf(9, 10)).toBe(0);
    expect(capacityOf(60, 0)).toBe(0);
  });
});

describe('buildAgenda', () => {
  it('orders by reason priority, then source priority, then NHS number; the same for any input order', () => {
    const cands = [c(5, 'high_risk_not_enrolled', -90), c(4, 'care_plan_overdue_review', 2), c(3, 'twelve_week_review_due'), c(2, 'episode_awaiting_assessment_or_agreement'), c(1, 'admitted_or_discharged'), c(6, 'care_plan_overdue_review', 1)];
    const a = buildAgenda({ ...base, candidates: cands });
    expect(ids(a.items)).toEqual(['p1', 'p2', 'p3', 'p6', 'p4', 'p5']);
    expect(a.items.map((i) => i.reason)).toEqual([...AGENDA_REASONS.slice(0, 3), 'care_plan_overdue_review', 'care_plan_overdue_review', 'high_risk_not_enrolled']);
    expect(a.items.map((i) => i.order)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.items.every((i) => i.minutes === 10)).toBe(true);
    const b = buildAgenda({ ...base, candidates: [...cands].reverse() });
    expect(b).toEqual(a);
  });

  it('breaks full ties by NHS number', () => {
    const got = buildAgenda({ ...base, candidates: [c(9, 'care_plan_overdue_review', 5), c(7, 'care_plan_overdue_review', 5), c(8, 'care_plan_overdue_review', 5)] });
    expect(ids(got.items)).toEqual(['p7', 'p8', 'p9']);
    expect(compareCandidates(c(1, 'admitted_or_discharged'), c(1, 'admitted_or_discharged'))).toBe(0);
  });

  it('lists a patient once, under the highest reason, with every reason', () => {
    const got = buildAgenda({ ...base, candidates: [c(1, 'high_risk_not_enrolled'), c(1, 'admitted_or_discharged'), c(2, 'care_plan_overdue_review')] });
    expect(ids(got.items)).toEqual(['p1', 'p2']);
    expect(got.items[0].reason).toBe('admitted_or_discharged');
    expect(got.items[0].reasons).toEqual(['admitted_or_discharged', 'high_risk_not_enrolled']);
  });

  it('fills exactly to capacity and overflows the rest in order', () => {
    const cands = Array.from({ length: 8 }, (_, i) => c(i + 1, 'care_plan_overdue_review', i));
    const got = buildAgenda({ ...base, candidates: cands });
    expect(got.capacity).toBe(6);
    expect(ids(got.items)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(ids(got.overflow)).toEqual(['p7', 'p8']);
    expect(buildAgenda({ ...base, candidates: cands.slice(0, 6) }).overflow).toEqual([]);
    const none = buildAgenda({ ...base, durationMinutes: 5, candidates: cands });
    expect(none.items).toEqual([]);
    expect(none.overflow).toHaveLength(8);
  });

  it('rolled-over patients go first, ahead of higher reasons', () => {
    const got = buildAgenda({ ...base, candidates: [c(1, 'admitted_or_discharged'), c(3, 'care_plan_overdue_review')], rolledOver: [c(2, 'high_risk_not_enrolled')] });
    expect(ids(got.items)).toEqual(['p2', 'p1', 'p3']);
    expect(got.items[0].source).toBe('rolled_over');
  });

  it('keeps manual items (never pushed off by generated ones), after rolled-over ones', () => {
    const cands = Array.from({ length: 8 }, (_, i) => c(i + 1, 'admitted_or_discharged', i));
    const got = buildAgenda({
      ...base,
      durationMinutes: 40,
      candidates: cands,
      rolledOver: [c(20, 'care_plan_overdue_review')],
      manual: [
        { patientId: 'p31', nhsNumber: '9990000031', order: 2 },
        { patientId: 'p30', nhsNumber: '9990000030', order: 1 },
      ],
    });
    expect(ids(got.items)).toEqual(['p20', 'p30', 'p31', 'p1']);
    expect(got.items.map((i) => i.source)).toEqual(['rolled_over', 'manual', 'manual', 'generated']);
    expect(ids(got.overflow)[0]).toBe('p2');
  });

  it('manual items beyond capacity stay; everything else overflows', () => {
    const got = buildAgenda({
      ...base,
      durationMinutes: 10,
      candidates: [c(1, 'admitted_or_discharged')],
      rolledOver: [c(2, 'care_plan_overdue_review')],
      manual: [
        { patientId: 'p30', nhsNumber: '9990000030', order: 1 },
        { patientId: 'p31', nhsNumber: '9990000031', order: 2 },
      ],
    });
    expect(ids(got.items)).toEqual(['p30', 'p31']);
    expect(ids(got.overflow)).toEqual(['p2', 'p1']);
  });

  it('does not bring back patients removed by hand, and a manual patient is not duplicated', () => {
    const got = buildAgenda({ ...base, candidates: [c(1, 'admitted_or_discharged'), c(2, 'admitted_or_discharged')], removed: ['p1'], manual: [{ patientId: 'p2', nhsNumber: '9990000002', order: 1 }] });
    expect(ids(got.items)).toEqual(['p2']);
    expect(got.items[0].source).toBe('manual');
    expect(got.items[0].reasons).toEqual(['added_by_hand', 'admitted_or_discharged']);
  });
});
