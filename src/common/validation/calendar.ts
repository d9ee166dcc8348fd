import { ValidationOptions, registerDecorator } from 'class-validator';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))$/;

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** YYYY-MM-DD naming a day that exists (no 2026-02-30, no month 13). */
export function isRealDate(value: unknown): boolean {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  return m !== null && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** ISO 8601 instant with an offset whose every part is in range (no 25:61, no +24:00 offset). */
export function isRealInstant(value: unknown): boolean {
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!m || !realDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return false;
  return m[7] === 'Z' || (Number(m[8]) <= 14 && Number(m[9]) <= 59);
}

function decorator(name: string, test: (v: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({ name, target: object.constructor, propertyName, options: { message, ...options }, validator: { validate: test } });
}

export const IsRealDate = (options?: ValidationOptions) => decorator('isRealDate', isRealDate, '$property must be a real date (YYYY-MM-DD)', options);
export const IsRealInstant = (options?: ValidationOptions) =>
  decorator('isRealInstant', isRealInstant, '$property must be a real ISO 8601 date-time with an offset', options);
