import { TASK_ACTIONS, TASK_STATUSES, isOverdue, nextTaskStatus } from './task-state';

describe('task state', () => {
  const legal: Record<string, string> = { 'open:assign': 'open', 'open:complete': 'done' };

  it.each(TASK_STATUSES.flatMap((s) => TASK_ACTIONS.map((a) => [s, a] as const)))('%s + %s', (status, action) => {
    expect(nextTaskStatus(status, action)).toBe(legal[`${status}:${action}`] ?? null);
  });

  it('is overdue only while open and past due', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(isOverdue({ status: 'open', dueAt: new Date('2026-03-02T11:59:59Z') }, now)).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: new Date('2026-03-02T12:00:00Z') }, now)).toBe(false);
    expect(isOverdue({ status: 'done', dueAt: new Date('2026-03-01T00:00:00Z') }, now)).toBe(false);
  });
});
