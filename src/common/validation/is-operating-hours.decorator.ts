import { registerDecorator, ValidationOptions } from 'class-validator';
import { describeValidationProblem } from '../../modules/teams/domain/operating-hours';

export function IsOperatingHours(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isOperatingHours',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => describeValidationProblem(value) === null,
        defaultMessage: (args) => describeValidationProblem(args?.value) ?? '',
      },
    });
}
