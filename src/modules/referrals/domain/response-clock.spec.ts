import { ALWAYS, NEVER, breachAt, earliest, firstContactProblem, isBreached, respondByFor, respondByOverrideProblem } from './response-clock';

const targets = { crisis: 120, urgent: 24 * 60, routine: 7 * 24 * 60 };
const received = new Date('2026-03-02T10:00:00.000Z');

describe('respondBy', () => {
  it.each([
    ['crisis', '2026-03-02T12:00:00.000Z'],
    ['urgent', '2026-03-03T10:00:00.000Z'],
    ['routine', '2026-03-09T10:00:00.000Z'],
  ] as const)('%s is received + its target', (urgency, expected) => {
    expect(respondByFor(received, urgency, targets).toISOString()).toBe(expected);
  });

  it('follows configured targets', () => {
    expect(respondByFor(received, 'crisis', { ...targets, crisis: 240 }).toISOString()).toBe('2026-03-02T14:00:00.000Z');
  });
});

describe('breach', () => {
  const respondBy = new Date('2026-03-02T12:00:00.000Z');
  const before = new Date('2026-03-02T11:59:00.000Z');
  const after = new Date('2026-03-02T12:01:00.000Z');

  it('a running clock breaches once respondBy has passed', () => {
    expect(breachAt(respondBy, null)).toEqual(respondBy);
    expect(isBreached(breachAt(respondBy, null), before)).toBe(false);
    expect(isBreached(breachAt(respondBy, null), respondBy)).toBe(false);
    expect(isBreached(breachAt(respondBy, null), after)).toBe(true);
  });

  it('contact in time never breaches; late contact stays breached', () => {
    expect(breachAt(respondBy, before)).toEqual(NEVER);
    expect(isBreached(breachAt(respondBy, before), new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(breachAt(respondBy, after)).toEqual(ALWAYS);
    expect(isBreached(breachAt(respondBy, after), after)).toBe(true);
  });

  it('a referral breaches with its earliest part', () => {
    expect(earliest([NEVER, respondBy, after])).toEqual(respondBy);
    expect(earliest([])).toBeNull();
  });
});

describe('input times', () => {
  const now = new Date('2026-03-02T10:30:00.000Z');
  it('refuses a respondBy override in the past or beyond a year', () => {
    expect(respondByOverrideProblem(new Date('2026-03-02T10:00:00Z'), now)).toBe('must be in the future');
    expect(respondByOverrideProblem(now, now)).toBe('must be in the future');
    expect(respondByOverrideProblem(new Date('2027-06-01T00:00:00Z'), now)).toBe('must be within a year');
    expect(respondByOverrideProblem(new Date('2026-03-02T11:00:00Z'), now)).toBeNull();
  });

  it('refuses a first contact in the future or before receipt', () => {
    expect(firstContactProblem(new Date('2026-03-02T11:00:00Z'), received, now)).toBe('must not be in the future');
    expect(firstContactProblem(new Date('2026-03-02T09:00:00Z'), received, now)).toBe('must not be before the referral was received');
    expect(firstContactProblem(new Date('2026-03-02T10:33:00Z'), received, now)).toBeNull();
    expect(firstContactProblem(received, received, now)).toBeNull();
  });
});
