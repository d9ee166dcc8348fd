import { applyDecorators } from '@nestjs/common';

/**
 * Several property decorators as one, applied as if written one above the other over the property
 * (bottom first), so a shared field rule validates, and orders its messages, exactly like the stack
 * it replaces.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...[...decorators].reverse());
}
