import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { stacked } from './stacked';

/**
 * Query parameters several endpoints take with the same rule (the decorators applied as the stacks
 * they replace were, so validation messages keep their order).
 */

export const OUTPUT_FORMATS = ['json', 'csv'] as const;

/** `format`: json (default) or csv. */
export const FormatQuery = () => stacked(ApiPropertyOptional({ enum: OUTPUT_FORMATS, default: 'json' }), IsOptional(), IsIn([...OUTPUT_FORMATS]));

/** A number of whole weeks back, 1 to 104 (two years); the caller documents which weeks and the default. */
export const WeeksQuery = (api: ApiPropertyOptions) => stacked(ApiPropertyOptional(api), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(104));
