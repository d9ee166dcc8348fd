import { BANK_HOLIDAYS_ENGLAND_AND_WALES, BANK_HOLIDAY_YEARS, bankHolidayDates } from './bank-holidays';
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

describe('bank holidays (England and Wales)', () => {
  const weekdays9to5: OperatingHours = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, open: '09:00', close: '17:00' }));
  const holidays = BANK_HOLIDAYS_ENGLAND_AND_WALES;

  it('the data file covers 2024-2028 with the known dates, substitute days included', () => {
    expect(BANK_HOLIDAY_YEARS).toEqual([2024, 2025, 2026, 2027, 2028]);
    for (const d of ['2024-03-29', '2025-08-25', '2026-04-06', '2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03']) expect(holidays.has(d)).toBe(true);
    expect(holidays.has('2026-12-26')).toBe(false); // a Saturday: the substitute is Monday the 28th
    for (const y of BANK_HOLIDAY_YEARS) expect([...holidays].filter((d) => d.startsWith(String(y)))).toHaveLength(8);
  });

  it('a weekday-only team is closed on a bank holiday and open the ordinary day after', () => {
    // Easter Monday 6 April 2026, 10:00 BST
    expect(isOpenAt(weekdays9to5, new Date('2026-04-06T09:00:00Z'), holidays)).toBe(false);
    expect(isOpenAt(weekdays9to5, new Date('2026-04-06T09:00:00Z'))).toBe(true); // without the calendar it would be open
    expect(isOpenAt(weekdays9to5, new Date('2026-04-07T09:00:00Z'), holidays)).toBe(true);
    expect(isOpenAt('24/7', new Date('2026-12-25T10:00:00Z'), holidays)).toBe(true);
  });

  it('bank_holiday ranges apply on bank holidays instead of the weekday', () => {
    const withBankHolidays: OperatingHours = [...weekdays9to5, { day: 'bank_holiday', open: '10:00', close: '14:00' }];
    expect(isOpenAt(withBankHolidays, new Date('2026-12-28T09:30:00Z'), holidays)).toBe(false); // 09:30 GMT
    expect(isOpenAt(withBankHolidays, new Date('2026-12-28T11:00:00Z'), holidays)).toBe(true);
    expect(isOpenAt(withBankHolidays, new Date('2026-12-28T14:00:00Z'), holidays)).toBe(false);
    expect(describeValidationProblem(withBankHolidays)).toBeNull();
  });

  it('an overnight range runs into a bank holiday morning, and a bank holiday night range into the next day', () => {
    const nights: OperatingHours = [{ day: 'thu', open: '22:00', close: '08:00' }, { day: 'bank_holiday', open: '20:00', close: '06:00' }];
    // Thursday 2 April 2026 22:00 BST -> Good Friday 3 April 07:00 BST
    expect(isOpenAt(nights, new Date('2026-04-03T06:00:00Z'), holidays)).toBe(true);
    // Good Friday 21:00 BST, and Saturday 4 April 05:00 BST
    expect(isOpenAt(nights, new Date('2026-04-03T20:00:00Z'), holidays)).toBe(true);
    expect(isOpenAt(nights, new Date('2026-04-04T04:00:00Z'), holidays)).toBe(true);
    expect(isOpenAt(nights, new Date('2026-04-04T06:00:00Z'), holidays)).toBe(false);
  });

  it('rejects a malformed data file', () => {
    expect(() => bankHolidayDates({ 'england-and-wales': { division: 'x', events: [{ title: 't', date: '2026-13-45', notes: '', bunting: true }] } })).toThrow(/bad date/);
    expect(() => bankHolidayDates({} as never)).toThrow(/no england-and-wales/);
  });
});
