import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidationFailed } from './errors/domain-error';
import { stacked } from './validation/stacked';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** A page size: 1 to MAX_LIMIT, DEFAULT_LIMIT when absent. */
export const LimitQuery = () =>
  stacked(ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(MAX_LIMIT));

/** A cursor as encodeCursor writes it (base64url, bounded); what it holds is checked by decodeCursor. */
export const CursorQuery = (description: string) =>
  stacked(ApiPropertyOptional({ description }), IsOptional(), IsString(), Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'is not a cursor from this API' }));

export class PageQuery {
  @LimitQuery()
  limit?: number;

  @CursorQuery('Opaque cursor from the previous page')
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * What one place in a cursor holds, as encodeCursor was given it: a key column's text, a whole
 * number, a finite number, an instant, a uuid, or a bigserial id (decimal text). An instant is
 * UTC ISO 8601 to the microsecond as PostgreSQL holds it (`selectCursorAt` in
 * `database/sql-params.ts`), or to the millisecond (`Date.toISOString()`: "now" frozen in a
 * cursor, and cursors written before microseconds were carried).
 */
export type CursorKind = 'text' | 'int' | 'number' | 'time' | 'uuid' | 'serial';
type CursorValue<K extends CursorKind> = K extends 'int' | 'number' ? number : string;
export type CursorValues<K extends readonly CursorKind[]> = { -readonly [I in keyof K]: CursorValue<K[I]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(\d{3})?Z$/;
const SERIAL = /^[1-9][0-9]{0,17}$/;

/**
 * To the millisecond, an instant reads back to itself through a Date (as toISOString wrote it):
 * '2026-02-31T...' does not. Microseconds, when present, are any three digits after that.
 */
function isRealInstant(v: string): boolean {
  const millis = `${v.slice(0, 23)}Z`;
  return !Number.isNaN(Date.parse(millis)) && new Date(millis).toISOString() === millis;
}

const IS: Record<CursorKind, (v: unknown) => boolean> = {
  // PostgreSQL text cannot hold NUL.
  text: (v) => typeof v === 'string' && !v.includes('\u0000'),
  int: (v) => Number.isSafeInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  time: (v) => typeof v === 'string' && INSTANT.test(v) && isRealInstant(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  serial: (v) => typeof v === 'string' && SERIAL.test(v),
};

/**
 * A cursor's values, typed by `kinds`, or a 400 when it is not one this API wrote: not base64url
 * JSON, the wrong number of values, or a value of the wrong kind. A cursor is the client's to hold
 * and forge, so nothing in it reaches SQL unchecked (a forged instant used to come back as a 500).
 */
export function decodeCursor<const K extends readonly CursorKind[]>(cursor: string | undefined, kinds: K): CursorValues<K> | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === kinds.length && kinds.every((kind, i) => IS[kind](v[i]))) return v as CursorValues<K>;
  } catch {
    // fall through
  }
  throw new ValidationFailed('The cursor is not valid', [{ field: 'cursor', message: 'is not a cursor from this API' }]);
}

/** Fetch limit+1 rows, return limit and a cursor built from the last one when there are more. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => unknown[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: more ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}
