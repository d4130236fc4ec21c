import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { FieldProblem } from './request-errors.js';

/**
 * Where a nested request object is declared, the body must hold a JSON object; where a list of
 * them is declared, an array of JSON objects. class-transformer's @Type and class-validator's
 * @ValidateNested cannot tell the two apart: both take an array in place of an object and treat
 * it as a list of such objects, so `"discovery": []` passes validation and breaks the route.
 * Checked once here, for every nested property of every request, from the validation metadata.
 */
export function misshapenNested(instance: object, pointer: string): FieldProblem[] {
  const { nested, optional } = nestedPartsOf(instance.constructor);
  return nested.flatMap(({ propertyName, each }) => {
    const value = (instance as Record<string, unknown>)[propertyName];
    const at = `${pointer}/${escapePointer(propertyName)}`;
    // @ValidateNested lets a missing value through: the route would then read a field of undefined.
    if ((value === undefined || value === null) && !optional.has(propertyName)) return [{ pointer: at, message: `${propertyName} is required: ${each ? 'an array of JSON objects' : 'a JSON object'}` }];
    // Null (where optional) and scalar values are class-validator's to refuse or allow.
    if (typeof value !== 'object' || value === null) return [];
    if (!each) return Array.isArray(value) ? [{ pointer: at, message: `${propertyName} must be a JSON object, not an array` }] : misshapenNested(value, at);
    if (!Array.isArray(value)) return [{ pointer: at, message: `${propertyName} must be an array of JSON objects` }];
    return value.flatMap((item: unknown, index) => elementProblems(item, `${at}/${index}`, propertyName));
  });
}

interface NestedParts {
  readonly nested: readonly { readonly propertyName: string; readonly each: boolean }[];
  /** @IsOptional and @ValidateIf are conditional validations: without one, a nested part is required. */
  readonly optional: ReadonlySet<string>;
}

/**
 * The nested parts of a request class, looked up once per class: class-validator's lookup
 * filters every validation of every class on each call, which was most of this check's cost
 * per request. Decorators register their metadata when the class is defined, before any
 * request reaches it, so what the first lookup finds is final.
 */
const partsByClass = new WeakMap<object, NestedParts>();

function nestedPartsOf(target: object): NestedParts {
  let parts = partsByClass.get(target);
  if (parts === undefined) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(target as new () => object, '', true, false);
    parts = {
      nested: metadatas.filter((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION).map(({ propertyName, each }) => ({ propertyName, each })),
      optional: new Set(metadatas.filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION).map((metadata) => metadata.propertyName)),
    };
    partsByClass.set(target, parts);
  }
  return parts;
}

function elementProblems(item: unknown, at: string, propertyName: string): FieldProblem[] {
  if (typeof item !== 'object' || item === null) return [];
  if (Array.isArray(item)) return [{ pointer: at, message: `each of ${propertyName} must be a JSON object, not an array` }];
  return misshapenNested(item, at);
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
