import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, NhsNumberInvalid, ValidationFailed } from '../errors/domain-error';
import { IS_NHS_NUMBER } from './is-nhs-number.decorator';

function flatten(errors: ValidationError[], prefix = ''): (FieldError & { constraint: string })[] {
  const out: (FieldError & { constraint: string })[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      const text = constraint === 'whitelistValidation' ? 'is not a known field' : message.replace(new RegExp(`^${e.property} `), '');
      out.push({ field, message: text, constraint });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Global validation: whitelist, reject unknown fields, transform; errors become problem+json. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const flat = flatten(errors);
      const fields = flat.map(({ field, message }) => ({ field, message }));
      const nhs = flat.find((f) => f.constraint === IS_NHS_NUMBER);
      if (nhs) return new NhsNumberInvalid(`${nhs.field} ${nhs.message}`, fields);
      return new ValidationFailed(`${fields.length} field(s) are not valid`, fields);
    },
  });
}
