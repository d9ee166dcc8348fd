import { breakGlassAllowedFor, breakGlassDedupeKey, checkAccessReason } from './break-glass';

describe('break-glass reason', () => {
  it.each(['abc', '...', 'a b c d e f', 'fall', '12345 67890 1234', 'x'.repeat(30), 'ok\u0000 attending a fall', 'attending\u0007 a fall at home', 'attending a fall \ud800'])(
    'refuses %j',
    (reason) => expect(checkAccessReason(reason).ok).toBe(false),
  );
  it.each(['attending a fall at home', 'Unconscious in A&E, no consent possible', 'évaluation urgente à domicile'])('accepts %j', (reason) =>
    expect(checkAccessReason(`  ${reason} `)).toEqual({ ok: true, reason }),
  );
  it('refuses overlong reasons', () => expect(checkAccessReason('word '.repeat(200)).ok).toBe(false));
});

describe('break-glass scope and alert window', () => {
  it('applies to reads only', () => {
    expect(['GET', 'HEAD'].map(breakGlassAllowedFor)).toEqual([true, true]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(breakGlassAllowedFor)).toEqual([false, false, false, false]);
  });
  it('keys the alert per user, patient and window', () => {
    const t0 = new Date('2026-01-01T10:05:00Z');
    const k = breakGlassDedupeKey('u1', 'p1', t0, 60);
    expect(breakGlassDedupeKey('u1', 'p1', new Date('2026-01-01T10:55:00Z'), 60)).toBe(k);
    expect(breakGlassDedupeKey('u1', 'p1', new Date('2026-01-01T11:00:00Z'), 60)).not.toBe(k);
    expect(breakGlassDedupeKey('u2', 'p1', t0, 60)).not.toBe(k);
    expect(breakGlassDedupeKey('u1', 'p2', t0, 60)).not.toBe(k);
  });
});
