import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { escapePointer, misshapenNested } from './nested-shape.js';
import { RequestValidationError, type FieldProblem } from './request-errors.js';

/**
 * class-validator on every body: unknown fields refused (whitelist + forbidNonWhitelisted),
 * values transformed into their DTO types, and every problem reported per field as a
 * JSON pointer into the body.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(flatten(errors, '')),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new RequestValidationError([{ pointer: '', message: 'the body must be a JSON object' }]);
      }
    }
    return super.transform(value, metadata);
  }

  /** An array where a nested object belongs is refused first: class-validator would validate it as a list (nested-shape.ts). */
  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const misshapen = misshapenNested(object, '');
    if (misshapen.length > 0) throw new RequestValidationError(misshapen);
    return super.validate(object, options);
  }
}

function flatten(errors: readonly ValidationError[], parent: string): FieldProblem[] {
  return errors.flatMap((error) => {
    // class-validator reports an unknown value (forbidUnknownValues) without a property: it is the parent itself.
    const pointer = error.property === undefined || error.property === '' ? parent : `${parent}/${escapePointer(error.property)}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ pointer, message }));
    return [...own, ...flatten(error.children ?? [], pointer)];
  });
}
