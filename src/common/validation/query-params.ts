import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * Query parameters several endpoints take with the same rule. Each helper is the decorators as they
 * were written one above the other over the property, applied in the same order (bottom first), so
 * the validation messages come in the same order as before.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...[...decorators].reverse());
}

export const OUTPUT_FORMATS = ['json', 'csv'] as const;

/** `format`: json (default) or csv. */
export const FormatQuery = () => stacked(ApiPropertyOptional({ enum: OUTPUT_FORMATS, default: 'json' }), IsOptional(), IsIn([...OUTPUT_FORMATS]));

/** A number of whole weeks back, 1 to 104 (two years); the caller documents which weeks and the default. */
export const WeeksQuery = (api: ApiPropertyOptions) => stacked(ApiPropertyOptional(api), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(104));
