import { describeValidationProblem, isOpenAt, localWeekTime, OperatingHours } from './operating-hours';

const weekdays9to5: OperatingHours = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
  day: day as 'mon',
  open: '09:00',
  close: '17:00',
}));

describe('operating hours', () => {
  it('24/7 is always open', () => {
    expect(isOpenAt('24/7', new Date('2026-12-25T03:00:00Z'))).toBe(true);
  });

  it('uses UK local time: 08:30 UTC in summer is 09:30 BST (open), in winter 08:30 GMT (closed)', () => {
    expect(isOpenAt(weekdays9to5, new Date('2026-07-01T08:30:00Z'))).toBe(true);
    expect(isOpenAt(weekdays9to5, new Date('2026-01-07T08:30:00Z'))).toBe(false);
  });

  it('opens inclusive and closes exclusive', () => {
    expect(isOpenAt(weekdays9to5, new Date('2026-01-07T09:00:00Z'))).toBe(true);
    expect(isOpenAt(weekdays9to5, new Date('2026-01-07T17:00:00Z'))).toBe(false);
  });

  it('is closed at weekends when only weekdays are listed', () => {
    expect(isOpenAt(weekdays9to5, new Date('2026-01-10T12:00:00Z'))).toBe(false); // Saturday
  });

  it('handles ranges running past midnight', () => {
    const nights: OperatingHours = [{ day: 'fri', open: '22:00', close: '08:00' }];
    expect(isOpenAt(nights, new Date('2026-01-09T23:00:00Z'))).toBe(true); // Fri 23:00
    expect(isOpenAt(nights, new Date('2026-01-10T07:59:00Z'))).toBe(true); // Sat 07:59
    expect(isOpenAt(nights, new Date('2026-01-10T08:00:00Z'))).toBe(false);
    expect(isOpenAt(nights, new Date('2026-01-08T23:00:00Z'))).toBe(false); // Thu
  });

  it('reads local weekday across the spring clock change', () => {
    // 2026-03-29 01:00 UTC is 02:00 BST on Sunday
    expect(localWeekTime(new Date('2026-03-29T01:00:00Z'))).toEqual({ day: 'sun', minute: 120 });
  });

  it('validates shape', () => {
    expect(describeValidationProblem('24/7')).toBeNull();
    expect(describeValidationProblem(weekdays9to5)).toBeNull();
    expect(describeValidationProblem('always')).toMatch(/24\/7/);
    expect(describeValidationProblem([])).toMatch(/non-empty/);
    expect(describeValidationProblem([{ day: 'funday', open: '09:00', close: '17:00' }])).toMatch(/day/);
    expect(describeValidationProblem([{ day: 'mon', open: '9am', close: '17:00' }])).toMatch(/open/);
    expect(describeValidationProblem([{ day: 'mon', open: '09:00', close: '17:00', x: 1 }])).toMatch(/unknown/);
  });
});
