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

/** A cursor's values, or a 400 when it is not one this API wrote: the wrong arity, or values `valid` refuses. */
export function decodeCursor(cursor: string | undefined, arity: number, valid: (values: unknown[]) => boolean = () => true): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && valid(v)) return v;
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
