import { Injectable, PipeTransform } from '@nestjs/common';
import { NhsNumberInvalid } from '../errors/domain-error';
import { parseNhsNumber } from './nhs-number';

/** For `:nhsNumber` path parameters: normalises to 10 digits or answers 400 NHS_NUMBER_INVALID. */
@Injectable()
export class NhsNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const r = parseNhsNumber(value);
    if (!r.ok) throw new NhsNumberInvalid(`The NHS number ${r.reason}`, [{ field: 'nhsNumber', message: r.reason }]);
    return r.value;
  }
}
