import fc from 'fast-check';
import { ValidationFailed } from './errors/domain-error';
import { type CursorKind, decodeCursor, encodeCursor } from './pagination';

const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('decodeCursor', () => {
  it('reads back every cursor encodeCursor wrote from keys of the declared kinds', () => {
    const kinds = ['time', 'int', 'number', 'text', 'uuid', 'serial'] as const satisfies readonly CursorKind[];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer(),
        // JSON writes -0 as 0 (a key column never holds -0 apart from 0)
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
        fc.string().filter((s) => !s.includes('\u0000')),
        fc.uuid(),
        fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }),
        (at, n, x, text, id, serial) => {
          const values = [at.toISOString(), n, x, text, id, String(serial)];
          expect(decodeCursor(encodeCursor(values), kinds)).toEqual(values);
        },
      ),
    );
  });

  it('reads back an instant to the microsecond, as PostgreSQL writes it for a cursor', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.uuid(),
        (at, micros, id) => {
          const values = [`${at.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`, id];
          expect(decodeCursor(encodeCursor(values), ['time', 'uuid'])).toEqual(values);
        },
      ),
    );
  });

  it('is undefined without a cursor', () => {
    expect(decodeCursor(undefined, ['uuid'])).toBeUndefined();
    expect(decodeCursor('', ['uuid'])).toBeUndefined();
  });

  it.each<[CursorKind, unknown]>([
    ['time', 'yesterday'],
    ['time', '2026-02-31T00:00:00.000Z'],
    ['time', '2026-01-01'],
    ['time', '2026-01-01T00:00:00Z'],
    ['time', 1_767_225_600_000],
    ['time', '2026-02-31T00:00:00.000000Z'],
    ['time', '2026-01-01T24:00:00.000000Z'],
    ['time', '2026-01-01T00:00:00.0000Z'],
    ['time', '2026-01-01T00:00:00.00000Z'],
    ['time', '2026-01-01T00:00:00.1234567Z'],
    ['time', '2026-01-01T00:00:00.000000'],
    ['time', '2026-01-01T00:00:00.000000+00:00'],
    ['int', 1.5],
    ['int', '1'],
    ['int', 2 ** 53],
    ['number', '0.5'],
    ['number', null],
    ['text', 'a\u0000b'],
    ['text', { a: 1 }],
    ['uuid', 'not-a-uuid'],
    ['uuid', "1' OR '1'='1"],
    ['serial', '0'],
    ['serial', '01'],
    ['serial', '1; SELECT 1'],
    ['serial', 1],
    ['serial', '9999999999999999999'],
  ])('refuses a %s cursor holding %j with a 400 naming the cursor', (kind, value) => {
    expect(() => decodeCursor(forged([value]), [kind])).toThrow(ValidationFailed);
  });

  it.each([
    ['not base64url JSON', 'e30'],
    ['an object', forged({ 0: 'x' } as unknown as unknown[])],
    ['too few values', forged(['x'])],
    ['too many values', forged(['x', 'y', 'z'])],
  ])('refuses %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor, ['text', 'text'])).toThrow(ValidationFailed);
  });
});
