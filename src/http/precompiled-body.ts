import { createRequire } from 'node:module';
import { TransformationType } from 'class-transformer';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/**
 * Accepting checks for the request classes of the hottest routes (a registration, a report to
 * the AP), which `RequestValidationPipe` runs before class-transformer and class-validator.
 *
 * A check is derived from the class's own decorators, once, on its first body: class-validator's
 * metadata storage gives each property's validations and class-transformer's its `@Type` and
 * `@Transform`s. It builds the request object the way class-transformer does (`new` the class,
 * each field of the body in its order, a `@Type` field built as its class, arrays copied, the
 * `@Transform`s applied) and then runs the validations the way class-validator's executor does
 * (whitelist and forbidNonWhitelisted, `@IsOptional`/`@ValidateIf` conditions, `each`, nested
 * classes), calling each decorator's own registered validator. It only ever *accepts*: for any
 * body it is not sure of it answers `undefined`, and that body goes through class-transformer and
 * class-validator as every other body does, so every refusal (its problem+json `code`, its
 * pointers and texts) is the one those give. Where it is stricter than the decorators (an object
 * or array it does not copy, a nested object in a skipped field) it only leaves more to them.
 *
 * A class gets no check (every body goes to class-validator) when its metadata holds anything
 * the compiler does not know: a validator not in KNOWN_VALIDATORS (or an async one), groups,
 * `always`, a per-decorator `validateIf`, `@IsDefined`, `@Allow`, `@ValidateNested` without
 * `@Type` or with `each`, a discriminator, `@Expose`/`@Exclude`, a `@Transform` with groups or
 * versions, a property the prototype defines, a field `new` sets that has no decorator.
 *
 * `src/http/precompiled-body.spec.ts` sends the same bodies, valid and not, through both ways and
 * requires the check to accept only what class-validator accepts and to build what
 * class-transformer builds.
 */

/** class-transformer's metadata storage: the instance its decorators register into (the package has no export for it). */
interface TransformerStorage {
  findTypeMetadata(target: unknown, property: string): { typeFunction: (options?: unknown) => unknown; options?: { discriminator?: unknown; keepDiscriminatorProperty?: boolean } } | undefined;
  findTransformMetadatas(target: unknown, property: string, type: TransformationType): { transformFn: (params: object) => unknown; options?: { groups?: unknown[]; since?: number; until?: number } }[];
  getExposedMetadatas(target: unknown): unknown[];
  getExcludedMetadatas(target: unknown): unknown[];
  getStrategy(target: unknown): string;
}
const require = createRequire(import.meta.url);
const { defaultMetadataStorage } = require('class-transformer/cjs/storage.js') as { defaultMetadataStorage: TransformerStorage };
/** The options class-transformer hands a `@Transform` (plainToInstance without options, as Nest's pipe calls it). */
const { defaultOptions: TRANSFORM_OPTIONS } = require('class-transformer/cjs/constants/default-options.constant.js') as { defaultOptions: object };

/**
 * The validators whose registered `validate` is synchronous and depends only on the value and
 * the decorator's constraints: the compiler calls them as class-validator does. Any other one
 * leaves its class to class-validator.
 */
const KNOWN_VALIDATORS: ReadonlySet<string> = new Set([
  'isString', 'isNotEmpty', 'maxLength', 'isIn', 'isBoolean', 'isInt', 'min', 'max', 'matches',
  'isArray', 'arrayMinSize', 'arrayMaxSize', 'arrayUnique', 'isIsoDateTimeWithOffset',
]);

/** A plain JSON object as the JSON body parser gives it, or a part of one. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** A JSON object (not an array, not null), with Object.prototype as its prototype. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** What a check answers for a value it does not accept. */
const REFUSED: unique symbol = Symbol('refused');
type Refused = typeof REFUSED;

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

type Validate = (value: unknown, args: ValidationArguments) => unknown;

interface Property {
  readonly name: string;
  /** `@IsOptional`/`@ValidateIf` conditions: all must hold for the rest to run. */
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly validators: readonly { readonly validate: Validate; readonly each: boolean; readonly constraints: unknown[] }[];
  /** `@ValidateNested` + `@Type`: the nested class's check. */
  readonly nested: ClassCheck | undefined;
  readonly transforms: readonly ((params: object) => unknown)[];
}

interface ClassCheck {
  accept(plain: unknown): object | Refused;
}

type Constructor = new () => object;

const registered = new Set<Constructor>();
/** The compiled check of each registered class once asked for; null: its metadata is not fully understood. */
const compiled = new Map<Constructor, ClassCheck | null>();

/** Opts a request class into its derived accepting check (the check is built on its first body). */
export function precompiledBody(type: Constructor): void {
  registered.add(type);
}

/** The request object built by the class's accepting check, when it has one and the body passes it. */
export function acceptedBody(type: unknown, body: unknown): object | undefined {
  const check = checkOf(type as Constructor);
  if (!check) return undefined;
  try {
    const accepted = check.accept(body);
    return accepted === REFUSED ? undefined : accepted;
  } catch {
    // A transform or condition that throws: class-transformer and class-validator meet it the same way.
    return undefined;
  }
}

/** Whether the class has a derived check (registered, and every decorator of it and its nested classes understood). */
export function hasAcceptingCheck(type: Constructor): boolean {
  return checkOf(type) !== undefined;
}

function checkOf(type: Constructor): ClassCheck | undefined {
  if (!registered.has(type)) return undefined;
  let check = compiled.get(type);
  if (check === undefined) compiled.set(type, (check = compile(type, new Set()) ?? null));
  return check ?? undefined;
}

/** The check of a class from its decorators, or undefined when anything in them is not understood. */
function compile(type: Constructor, compiling: ReadonlySet<Constructor>): ClassCheck | undefined {
  if (compiling.has(type)) return undefined;
  const storage = getMetadataStorage();
  // As class-validator's executor asks for them: no groups, `always` and `strictGroups` off.
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false);
  if (metadatas.length === 0) return undefined;
  if (defaultMetadataStorage.getExposedMetadatas(type).length > 0 || defaultMetadataStorage.getExcludedMetadatas(type).length > 0) return undefined;
  const byName = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    if (typeof metadata.target !== 'function' || (metadata.groups?.length ?? 0) > 0 || metadata.always !== undefined) return undefined;
    if ((metadata as { validateIf?: unknown }).validateIf !== undefined) return undefined;
    byName.set(metadata.propertyName, [...(byName.get(metadata.propertyName) ?? []), metadata]);
  }
  // Every field `new` sets must be one class-validator knows (whitelist), and no property may be
  // one class-transformer skips (the prototype defines it).
  if (Object.keys(new type()).some((key) => !byName.has(key))) return undefined;
  const properties: Property[] = [];
  for (const [name, ofProperty] of byName) {
    if (name in type.prototype) return undefined;
    const property = compileProperty(type, name, ofProperty, new Set([...compiling, type]));
    if (!property) return undefined;
    properties.push(property);
  }
  return classCheck(type, properties);
}

function compileProperty(type: Constructor, name: string, metadatas: readonly ValidationMetadata[], compiling: ReadonlySet<Constructor>): Property | undefined {
  const conditions: ((object: object, value: unknown) => boolean)[] = [];
  const validators: { validate: Validate; each: boolean; constraints: unknown[] }[] = [];
  let validatesNested = false;
  for (const metadata of metadatas) {
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      const condition = metadata.constraints?.[0] as unknown;
      if (typeof condition !== 'function') return undefined;
      conditions.push(condition as (object: object, value: unknown) => boolean);
    } else if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
      if (metadata.each) return undefined;
      validatesNested = true;
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
      const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.length === 0) return undefined;
      for (const constraint of constraints) {
        if (constraint.async || constraint.name === undefined || !KNOWN_VALIDATORS.has(constraint.name)) return undefined;
        const instance = constraint.instance as { validate: Validate };
        validators.push({ validate: instance.validate.bind(instance), each: metadata.each === true, constraints: metadata.constraints });
      }
    } else {
      return undefined;
    }
  }
  const typeMetadata = defaultMetadataStorage.findTypeMetadata(type, name);
  let nested: ClassCheck | undefined;
  if (typeMetadata || validatesNested) {
    if (!typeMetadata || !validatesNested || typeMetadata.options?.discriminator !== undefined || typeMetadata.typeFunction.length > 0) return undefined;
    const nestedType = typeMetadata.typeFunction();
    if (typeof nestedType !== 'function') return undefined;
    nested = compile(nestedType as Constructor, compiling);
    if (!nested) return undefined;
  }
  const transforms = defaultMetadataStorage.findTransformMetadatas(type, name, TransformationType.PLAIN_TO_CLASS);
  if (transforms.some(({ options }) => (options?.groups?.length ?? 0) > 0 || options?.since !== undefined || options?.until !== undefined)) return undefined;
  return { name, conditions, validators, nested, transforms: transforms.map(({ transformFn }) => transformFn) };
}

function classCheck(type: Constructor, properties: readonly Property[]): ClassCheck {
  const byName = new Map(properties.map((property) => [property.name, property]));
  const targetName = type.name;
  return {
    accept(plain) {
      if (!isRecord(plain)) return REFUSED;
      // class-transformer: `new` the class, then each field of the body in its order.
      const instance = new type() as Record<string, unknown>;
      for (const key of Object.keys(plain)) {
        const property = byName.get(key);
        // whitelist + forbidNonWhitelisted.
        if (!property) return REFUSED;
        const value = plain[key];
        let built = property.nested && typeof value === 'object' && value !== null ? property.nested.accept(value) : copied(value);
        if (built === REFUSED) return REFUSED;
        for (const transform of property.transforms) built = transform({ value: built, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: TRANSFORM_OPTIONS });
        instance[key] = built;
      }
      // class-validator: every decorated property, whether the body has it or not.
      for (const property of properties) if (!valid(instance, property, targetName)) return REFUSED;
      return instance;
    },
  };
}

/** A field's value as class-transformer copies it where no `@Type` is declared: a primitive as it is, an array of them copied; an object is left to it. */
function copied(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value)) return REFUSED;
  const copy: unknown[] = [];
  for (const item of value) {
    const itemCopy = copied(item);
    if (itemCopy === REFUSED) return REFUSED;
    copy.push(itemCopy);
  }
  return copy;
}

/** One property as class-validator's executor validates it (its performValidations). */
function valid(object: Record<string, unknown>, property: Property, targetName: string): boolean {
  const value = object[property.name];
  for (const condition of property.conditions) if (!condition(object, value)) return property.nested === undefined || value === undefined || value === null;
  // One arguments object for the property's validators, each given its own constraints (the
  // known validators read nothing else, and keep nothing).
  const args: ValidationArguments = { targetName, property: property.name, object, value, constraints: [] };
  for (const { validate, each, constraints } of property.validators) {
    args.constraints = constraints;
    if (each && Array.isArray(value)) {
      for (const item of value) if (!accepted(validate(item, args))) return false;
    } else if (!accepted(validate(value, args))) return false;
  }
  if (property.nested) {
    // A nested object is built (and checked) by its class's check; without @IsOptional/@ValidateIf
    // a missing one is refused (nested-shape.ts), a null one always (class-validator).
    if (value === undefined) return property.conditions.length > 0;
    return typeof value === 'object' && value !== null;
  }
  return true;
}

/** A validator's answer: only a synchronous truthy one counts as valid. */
function accepted(result: unknown): boolean {
  return Boolean(result) && !(result instanceof Promise);
}
