import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, type ValidatorOptions } from 'class-validator';
import { escapePointer, misshapenNested } from './nested-shape.js';
import { acceptedBody } from './precompiled-body.js';
import { RequestValidationError, type FieldProblem } from './request-errors.js';

/** The parts of class-validator's metadata storage that validate() asks on every object it validates. */
interface MetadataLookups {
  getTargetValidationMetadatas(target: unknown, schema: string, always: boolean, strictGroups: boolean, groups?: string[]): object[];
  groupByPropertyName(metadatas: object[]): Record<string, object[]>;
  addValidationSchema(...args: unknown[]): void;
  addValidationMetadata(...args: unknown[]): void;
  addConstraintMetadata(...args: unknown[]): void;
}

/**
 * class-validator works out an object's validation metadata again on every validate() call:
 * it walks the metadata of every decorated class in the process (for inheritance) and groups
 * the result by property, per body and per nested object. The answer depends only on the
 * class and the options, and changes only when a decorator registers more metadata, so it is
 * kept here per class and options and dropped whenever anything registers: validate() gets
 * the very lists it would have computed (neither it nor anything else changes them).
 */
function keepTargetMetadatas(storage: MetadataLookups): void {
  const kept = new Map<unknown, Map<string, object[]>>();
  const grouped = new WeakMap<object[], Record<string, object[]>>();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let ofTarget = kept.get(target);
    if (!ofTarget) kept.set(target, (ofTarget = new Map()));
    let metadatas = ofTarget.get(options);
    if (!metadatas) ofTarget.set(options, (metadatas = lookUp(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (!byProperty) grouped.set(metadatas, (byProperty = group(metadatas)));
    return byProperty;
  };
  for (const name of ['addValidationSchema', 'addValidationMetadata', 'addConstraintMetadata'] as const) {
    const register = storage[name].bind(storage);
    storage[name] = (...args: unknown[]) => {
      kept.clear();
      register(...args);
    };
  }
}

keepTargetMetadatas(getMetadataStorage() as unknown as MetadataLookups);

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
      // The hottest routes' bodies, when valid, without class-transformer and class-validator;
      // anything their checks do not accept is validated below (precompiled-body.ts).
      const accepted = acceptedBody(metadata.metatype, value);
      if (accepted) return accepted;
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
