import fc from 'fast-check';
import { checkDigit, formatNhsNumber, isInTestRange, parseNhsNumber, testRangeNhsNumbers } from './nhs-number';

describe('NHS number', () => {
  it('accepts a published valid example and normalises spaces and dashes', () => {
    expect(parseNhsNumber('943 476 5919')).toEqual({ ok: true, value: '9434765919' });
    expect(parseNhsNumber('943-476-5919')).toEqual({ ok: true, value: '9434765919' });
    expect(parseNhsNumber(' 9434765919 ')).toEqual({ ok: true, value: '9434765919' });
  });

  it('rejects a wrong check digit', () => {
    expect(parseNhsNumber('9434765918')).toEqual({ ok: false, reason: 'fails the modulus 11 check' });
  });

  it('rejects numbers whose check digit would be 10', () => {
    // 123456789: 1*10+2*9+3*8+4*7+5*6+6*5+7*4+8*3+9*2 = 210; 210 mod 11 = 1; 11-1 = 10 -> invalid
    expect(checkDigit('123456789')).toBeNull();
    for (let d = 0; d <= 9; d++) expect(parseNhsNumber(`123456789${d}`).ok).toBe(false);
  });

  it('maps a check of 11 to 0', () => {
    // 999000005: find by property: sum mod 11 == 0 -> check 0
    const nine = '000000000';
    expect(checkDigit(nine)).toBe(0);
  });

  it('rejects ten identical digits even though they pass the check', () => {
    expect(parseNhsNumber('0000000000').ok).toBe(false);
    expect(parseNhsNumber('5555555555')).toEqual({ ok: false, reason: 'cannot be ten identical digits' });
  });

  it.each(['', '123', '12345678901', 'abcdefghij', '943 476 591x', null, undefined, {}, '943.476.5919'])(
    'rejects malformed input %p',
    (input) => {
      expect(parseNhsNumber(input).ok).toBe(false);
    },
  );

  it('formats for display', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });

  it('generates only valid numbers inside the test range', () => {
    const gen = testRangeNhsNumbers();
    const first = Array.from({ length: 500 }, () => gen.next().value as string);
    expect(new Set(first).size).toBe(500);
    for (const n of first) {
      expect(parseNhsNumber(n).ok).toBe(true);
      expect(isInTestRange(n)).toBe(true);
    }
  });

  describe('properties', () => {
    const nine = fc.stringMatching(/^\d{9}$/);

    it('every nine digits plus its computed check digit is valid (unless all identical)', () => {
      fc.assert(
        fc.property(nine, (n) => {
          const c = checkDigit(n);
          fc.pre(c !== null);
          const full = n + c;
          fc.pre(!/^(\d)\1{9}$/.test(full));
          expect(parseNhsNumber(full)).toEqual({ ok: true, value: full });
        }),
      );
    });

    it('changing any single digit of a valid number makes it invalid', () => {
      fc.assert(
        fc.property(nine, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, pos, delta) => {
          const c = checkDigit(n);
          fc.pre(c !== null);
          const full = (n + c).split('');
          full[pos] = String((Number(full[pos]) + delta) % 10);
          expect(parseNhsNumber(full.join('')).ok).toBe(false);
        }),
      );
    });

    it('spacing and dashes never change the result', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^\d{10}$/), fc.constantFrom(' ', '-', ''), (digits, sep) => {
          const spaced = `${digits.slice(0, 3)}${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
          expect(parseNhsNumber(spaced)).toEqual(parseNhsNumber(digits));
        }),
      );
    });

    it('a valid result is always exactly 10 digits', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 20 }), (s) => {
          const r = parseNhsNumber(s);
          if (r.ok) expect(r.value).toMatch(/^\d{10}$/);
        }),
      );
    });
  });
});
