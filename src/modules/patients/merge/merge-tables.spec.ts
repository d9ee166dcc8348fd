import { MERGE_CONFLICT_CHECKS, PATIENT_LINKED_TABLES } from './merge-tables';
import { conflictCondition } from './merge.repository';

describe('merge tables', () => {
  it('lists each table once', () => {
    const keys = PATIENT_LINKED_TABLES.map((t) => `${t.table}.${t.column}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('checks conflicts only on tables the merge moves', () => {
    const moved = new Set(PATIENT_LINKED_TABLES.filter((t) => t.mode === 'move').map((t) => t.table));
    for (const c of MERGE_CONFLICT_CHECKS) expect(moved.has(c.table)).toBe(true);
  });

  it('builds the conflict condition for a restriction and for a shared key', () => {
    expect(conflictCondition({ name: 'x', table: 'bed_requests', where: (a) => `${a}.status = 'waiting'` })).toBe(
      `EXISTS (SELECT 1 FROM bed_requests a JOIN bed_requests b ON true WHERE a.patient_id = $1 AND b.patient_id = $2 AND a.status = 'waiting' AND b.status = 'waiting')`,
    );
    expect(conflictCondition({ name: 'y', table: 'mdt_outcomes', sameKey: ['meeting_id'] })).toContain('ON a.meeting_id = b.meeting_id WHERE');
  });
});
