import { Injectable, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './request-errors.js';

/** A `:year` path segment: a calendar year 1900–9999, else 400 validation-failed at `/year`. */
@Injectable()
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
    if (!(year >= 1900 && year <= 9999)) throw new RequestValidationError([{ pointer: '/year', message: 'year must be a calendar year, e.g. 2021' }]);
    return year;
  }
}
