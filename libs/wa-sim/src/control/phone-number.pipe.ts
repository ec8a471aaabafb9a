import { Injectable, type PipeTransform } from '@nestjs/common';
import { normalisePhoneNumber } from '../accounts/jids.js';
import { SimError } from '../sim-error.js';

/** Swagger's description of the `:number` path parameter (`@ApiParam(NUMBER_PARAM)`). */
export const NUMBER_PARAM = {
  name: 'number',
  example: '5511999990001',
  description: "The phone's number, digits",
};

/** The `:number` path parameter: digits (or `+55 11 ...`, `...@c.us`), else 400 invalid_number. */
@Injectable()
export class PhoneNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const number = normalisePhoneNumber(value);
    if (!number) {
      throw new SimError('invalid_number', 'number in the path must be 6 to 15 digits, country code first');
    }
    return number;
  }
}
