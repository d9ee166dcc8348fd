import fc from 'fast-check';
import { isRealDate, isRealInstant } from './calendar';

describe('real dates and instants', () => {
  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1', ''])('refuses the date %j', (d) => expect(isRealDate(d)).toBe(false));
  it.each(['2024-02-29', '2026-12-31', '2026-01-01'])('accepts the date %j', (d) => expect(isRealDate(d)).toBe(true));
  it.each(['2026-02-30T10:00Z', '2026-03-01T25:61Z', '2026-03-01T24:00Z', '2026-03-01T10:60Z', '2026-03-01T10:00:60Z', '2026-03-01T10:00+24:00', '2026-03-01T10:00'])(
    'refuses the instant %j',
    (d) => expect(isRealInstant(d)).toBe(false),
  );
  it.each(['2026-03-01T10:00Z', '2026-03-01T23:59:59.999Z', '2026-03-29T01:30+01:00'])('accepts the instant %j', (d) => expect(isRealInstant(d)).toBe(true));
  it('agrees with Date for every accepted instant', () =>
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => isRealInstant(d.toISOString()) && isRealDate(d.toISOString().slice(0, 10))),
    ));
});
