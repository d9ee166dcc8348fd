import { MAX_INVOLVEMENT_DAYS, involvementDatesProblem, maySetSubscriptions } from './involvement-rules';

const now = new Date('2026-06-01T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('involvementDatesProblem', () => {
  it('accepts an end after the start and after now, within the longest run', () => {
    expect(involvementDatesProblem(now, at('2026-07-01T00:00:00Z'), now)).toBeNull();
    expect(involvementDatesProblem(now, new Date(now.getTime() + MAX_INVOLVEMENT_DAYS * 86_400_000), now)).toBeNull();
  });

  it('refuses an end before or at the start, in the past, or too far ahead', () => {
    expect(involvementDatesProblem(now, now, now)).toEqual({ field: 'endsAt', message: 'is in the past' });
    expect(involvementDatesProblem(at('2026-08-01T00:00:00Z'), at('2026-07-01T00:00:00Z'), now)).toEqual({ field: 'endsAt', message: 'must be after startsAt' });
    expect(involvementDatesProblem(at('2026-01-01T00:00:00Z'), at('2026-05-01T00:00:00Z'), now)).toEqual({ field: 'endsAt', message: 'is in the past' });
    expect(involvementDatesProblem(now, new Date(now.getTime() + (MAX_INVOLVEMENT_DAYS + 1) * 86_400_000), now)?.message).toMatch(/more than/);
    expect(involvementDatesProblem(at('x'), now, now)?.field).toBe('startsAt');
  });
});

describe('maySetSubscriptions', () => {
  it('lets team administrators and the team itself, nobody else', () => {
    expect(maySetSubscriptions({ teams: [] }, true, 'NCT-1')).toBe(true);
    expect(maySetSubscriptions({ teams: ['NCT-1'] }, false, 'NCT-1')).toBe(true);
    expect(maySetSubscriptions({ teams: ['NCT-2'] }, false, 'NCT-1')).toBe(false);
  });
});
