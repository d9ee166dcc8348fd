import { ValidationOptions, registerDecorator } from 'class-validator';
import { Transform } from 'class-transformer';
import { parseNhsNumber } from './nhs-number';

export const IS_NHS_NUMBER = 'isNhsNumber';

/** Validates an NHS number and normalises it to 10 digits. Failures surface as NHS_NUMBER_INVALID. */
export function IsNhsNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => {
      const r = parseNhsNumber(value);
      return r.ok ? r.value : value;
    })(target, propertyName);
    registerDecorator({
      name: IS_NHS_NUMBER,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => parseNhsNumber(value).ok,
        defaultMessage: (args) => {
          const r = parseNhsNumber(args?.value);
          return r.ok ? '' : r.reason;
        },
      },
    });
  };
}
