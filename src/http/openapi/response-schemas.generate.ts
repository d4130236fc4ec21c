/**
 * Writes the OpenAPI schemas of every route's answer from the TypeScript types the route
 * methods return, so that a response is typed once: in the code. TypeScript's own checker
 * resolves each return type (generics, intersections, mapped types, Awaited), and this walks
 * the resolved type into an OpenAPI 3.0 schema. Run `npm run openapi:schemas` after changing a
 * view or a route; test/http/openapi-schemas.spec.ts fails while the generated file is stale.
 *
 * Routes are found as Nest finds them: `@Controller(prefix)` classes with `@Get`/`@Post`
 * methods. Alternatives of a return type that are not JSON (a Readable, a Buffer, the rows of
 * a CSV/XLSX export) are left out: those answers are documented by their media type.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export type Schema = Record<string, unknown>;

export interface ResponseSchemas {
  /** 'GET /breaches/{breachId}' → the schema of its JSON answer. */
  readonly responses: Record<string, Schema>;
  readonly components: Record<string, Schema>;
}

const HTTP_METHODS = new Set(['Get', 'Post']);
/** Answers that are not JSON: streamed NDJSON, a PDF or XLSX in a Buffer, the rows of an export. */
const NOT_JSON = new Set(['Readable', 'Buffer', 'AsyncIterable', 'AsyncGenerator', 'Uint8Array']);

/** A route path's strings: a literal, an array of them, or an expression whose type is a union of string literals (a route made by a factory). */
function stringsOf(expression: ts.Expression | undefined, checker: ts.TypeChecker): string[] {
  if (expression === undefined) return [''];
  if (ts.isStringLiteralLike(expression)) return [expression.text];
  if (ts.isArrayLiteralExpression(expression)) return expression.elements.flatMap((element) => stringsOf(element as ts.Expression, checker));
  const type = checker.getTypeAtLocation(expression);
  const members = type.isUnion() ? type.types : [type];
  if (members.every((member) => member.isStringLiteral())) return members.map((member) => (member as ts.StringLiteralType).value);
  throw new Error(`a route path that is neither a string literal nor of a string-literal type: ${expression.getText()}`);
}

/** Every class declared in a file, also inside functions (a controller made by a factory). */
function classesOf(source: ts.SourceFile): ts.ClassDeclaration[] {
  const found: ts.ClassDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function decorator(node: ts.HasDecorators, names: Set<string>): { name: string; args: readonly ts.Expression[] } | undefined {
  for (const found of ts.getDecorators(node) ?? []) {
    const call = found.expression;
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && names.has(call.expression.text)) return { name: call.expression.text, args: call.arguments };
  }
  return undefined;
}

function joinPath(prefix: string, path: string): string {
  const joined = `/${[prefix, path].filter((part) => part !== '').join('/')}`.replace(/\/+/g, '/');
  return (joined.length > 1 ? joined.replace(/\/$/, '') : joined).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

class Recursion extends Error {
  constructor(readonly type: ts.Type) {
    super('recursive type');
  }
}

class SchemaWriter {
  readonly components: Record<string, Schema> = {};
  private readonly names = new Map<ts.Type, string>();
  private readonly taken = new Set<string>();
  private readonly inProgress = new Set<ts.Type>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly root: string,
  ) {}

  /** The JSON answer of a route method: awaited, without its non-JSON alternatives. */
  answer(type: ts.Type): Schema | undefined {
    const awaited = this.checker.getAwaitedType(type) ?? type;
    const json = (awaited.isUnion() ? awaited.types : [awaited]).filter((member) => !this.notJson(member));
    if (json.length === 0 || json.every((member) => member.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))) return undefined;
    return this.union(json);
  }

  private notJson(type: ts.Type): boolean {
    const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
    if (name !== undefined && NOT_JSON.has(name)) return true;
    // An export's answer: { rows: AsyncIterable<…> }.
    const rows = type.getProperty('rows');
    return rows !== undefined && this.notJson(this.checker.getTypeOfSymbol(rows));
  }

  /** A type met again while it is being written (JSON values, trees) becomes a component that refers to itself. */
  schema(type: ts.Type): Schema {
    const known = this.names.get(type);
    if (known !== undefined) return { $ref: `#/components/schemas/${known}` };
    if (this.inProgress.has(type)) throw new Recursion(type);
    this.inProgress.add(type);
    try {
      return this.build(type);
    } catch (error) {
      if (!(error instanceof Recursion) || error.type !== type) throw error;
      const name = this.freeName((type.aliasSymbol ?? type.getSymbol())?.getName().replace(/^__.*/, '') || 'Recursive');
      this.names.set(type, name);
      this.components[name] = {};
      this.components[name] = this.build(type);
      return { $ref: `#/components/schemas/${name}` };
    } finally {
      this.inProgress.delete(type);
    }
  }

  private build(type: ts.Type): Schema {
    if (type.isUnion()) return this.namedEnum(type) ?? this.union(type.types);
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [this.checker.typeToString(type) === 'true'] };
    if (flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { nullable: true };
    if (flags & ts.TypeFlags.BigIntLike) throw new Error('a bigint in an answer: JSON cannot carry it; send it as a string');
    if (this.checker.isTupleType(type)) {
      const elements = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: this.union([...elements]), minItems: elements.length, maxItems: elements.length };
    }
    if (this.checker.isArrayType(type)) return { type: 'array', items: this.schema(this.checker.getTypeArguments(type as ts.TypeReference)[0] as ts.Type) };
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.object(type);
    throw new Error(`no JSON schema for ${this.checker.typeToString(type)}`);
  }

  private union(members: readonly ts.Type[]): Schema {
    const nullable = members.some((member) => member.flags & ts.TypeFlags.Null);
    let rest = members.filter((member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    // `boolean` is `true | false` to the checker.
    const booleans = rest.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral);
    let schemas: Schema[] = booleans.length === 2 ? [{ type: 'boolean' }] : booleans.map((member) => this.schema(member));
    rest = rest.filter((member) => !(member.flags & ts.TypeFlags.BooleanLiteral));
    for (const kind of [ts.TypeFlags.StringLiteral, ts.TypeFlags.NumberLiteral] as const) {
      const literals = rest.filter((member) => member.flags & kind);
      // Sorted: the checker's order follows the order it met the files in, which a moved file changes.
      const values = literals.map((member) => (member as ts.LiteralType).value as string | number).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (literals.length > 0) schemas.push({ type: kind === ts.TypeFlags.StringLiteral ? 'string' : 'number', enum: values });
      rest = rest.filter((member) => !(member.flags & kind));
    }
    schemas = [...schemas, ...rest.map((member) => this.schema(member))];
    const single = schemas.length === 1 ? (schemas[0] as Schema) : schemas.length === 0 ? {} : { anyOf: schemas };
    if (!nullable) return single;
    if ('$ref' in single || 'anyOf' in single) return { allOf: [single], nullable: true };
    return { ...single, nullable: true };
  }

  /** A named interface or type of this project becomes a component; anything else is written in place. */
  private object(type: ts.Type): Schema {
    const known = this.names.get(type);
    if (known !== undefined) return { $ref: `#/components/schemas/${known}` };
    const wanted = this.projectName(type);
    if (wanted === undefined) return this.body(type);
    const name = this.freeName(wanted);
    this.names.set(type, name);
    this.components[name] = {};
    this.components[name] = this.body(type);
    return { $ref: `#/components/schemas/${name}` };
  }

  /** An object's schema; `{ dienst } & BreachFigures` refers to BreachFigures rather than restating its fields. */
  private body(type: ts.Type): Schema {
    if (!type.isIntersection() || !type.types.some((member) => this.projectName(member) !== undefined)) return this.properties(type);
    return { allOf: type.types.map((member) => (this.projectName(member) !== undefined ? this.schema(member) : this.properties(member))) };
  }

  /** A union of string literals named in this project (`Regime`, `RiskLevel`) is a component of that name. */
  private namedEnum(type: ts.Type): Schema | undefined {
    if (!type.isUnion() || !type.types.every((member) => member.flags & ts.TypeFlags.StringLiteral)) return undefined;
    const wanted = this.projectName(type);
    if (wanted === undefined) return undefined;
    const name = this.freeName(wanted);
    this.names.set(type, name);
    this.components[name] = this.union(type.types);
    return { $ref: `#/components/schemas/${name}` };
  }

  /** The name of a type declared in this project, not generic: what a component is called. */
  private projectName(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol === undefined || symbol.getName().startsWith('__')) return undefined;
    // Generic instances (PageOf<Row>) are written in place: each instance differs.
    if ((type.aliasTypeArguments?.length ?? 0) > 0 || ((type as ts.TypeReference).typeArguments?.length ?? 0) > 0) return undefined;
    const declaration = symbol.getDeclarations()?.[0];
    if (declaration === undefined || relative(this.root, declaration.getSourceFile().fileName).startsWith('..') || declaration.getSourceFile().fileName.includes('node_modules')) return undefined;
    return symbol.getName();
  }

  private freeName(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}${n}`;
    this.taken.add(name);
    return name;
  }

  private properties(type: ts.Type): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const propertyType = this.checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || (propertyType.isUnion() && propertyType.types.some((member) => member.flags & ts.TypeFlags.Undefined));
      const schema = propertyType.isUnion() ? this.union(propertyType.types) : this.schema(propertyType);
      const description = ts.displayPartsToString(property.getDocumentationComment(this.checker)).trim();
      properties[property.getName()] = description === '' ? schema : '$ref' in schema ? { allOf: [schema], description } : { ...schema, description };
      if (!optional) required.push(property.getName());
    }
    const index = this.checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
    return {
      type: 'object',
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
      ...(index !== undefined ? { additionalProperties: this.schema(index.type) } : {}),
    };
  }
}

/** Every route's answer schema, from the sources under `root` (the repository). */
export function responseSchemas(root: string): ResponseSchemas {
  const configFile = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.build.json');
  if (configFile === undefined) throw new Error(`no tsconfig.build.json in ${root}`);
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, root);
  const program = ts.createProgram(parsed.fileNames.filter((file) => file.includes(`${join(root, 'src')}/`)), parsed.options);
  const checker = program.getTypeChecker();
  const writer = new SchemaWriter(checker, root);
  const responses: Record<string, Schema> = {};
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || !source.fileName.startsWith(join(root, 'src'))) continue;
    for (const statement of classesOf(source)) {
      const controller = decorator(statement, new Set(['Controller']));
      if (controller === undefined) continue;
      const prefixes = stringsOf(controller.args[0], checker);
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member)) continue;
        const route = decorator(member, HTTP_METHODS);
        if (route === undefined) continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (signature === undefined) continue;
        const schema = writer.answer(checker.getReturnTypeOfSignature(signature));
        if (schema === undefined) continue;
        for (const prefix of prefixes) for (const path of stringsOf(route.args[0], checker)) responses[`${route.name.toUpperCase()} ${joinPath(prefix, path)}`] = schema;
      }
    }
  }
  return shareRepeatedSchemas({ responses: sorted(responses), components: sorted(writer.components) });
}

const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** A schema written in place that is this long or longer as JSON text, met twice, becomes a shared component. */
const SHARED_FROM_CHARACTERS = 200;

/**
 * The same schema written in place under several answers (a figure per incident kind in each
 * period of a report, say) is written once, as a component the places refer to: the document
 * says once what one thing is, and a reader sees that the places hold the same thing. Largest
 * first, until nothing repeats; a component is named after the place it is first met
 * (`PeriodFigures` › `byIncidentKind`: PeriodFiguresByIncidentKind).
 */
function shareRepeatedSchemas(schemas: ResponseSchemas): ResponseSchemas {
  let responses = schemas.responses;
  let components = { ...schemas.components };
  const taken = new Set(Object.keys(components));
  for (;;) {
    const seen = new Map<string, { count: number; place: string }>();
    const count = (schema: Schema, place: string): void => {
      const text = JSON.stringify(schema);
      if (text.length >= SHARED_FROM_CHARACTERS) {
        const entry = seen.get(text) ?? { count: 0, place };
        entry.count += 1;
        seen.set(text, entry);
      }
      childSchemas(schema, place, count);
    };
    // A whole answer counts too (two routes answering the same thing); a whole component is already shared.
    for (const [name, schema] of Object.entries(components)) childSchemas(schema, name, count);
    for (const [key, schema] of Object.entries(responses)) count(schema, key);
    const byComponent = new Map(Object.entries(components).map(([name, schema]) => [JSON.stringify(schema), name]));
    const repeated = [...seen.entries()].filter(([text, entry]) => entry.count >= 2 || byComponent.has(text)).sort(([a], [b]) => b.length - a.length);
    const first = repeated[0];
    if (first === undefined) return { responses, components: sorted(components) };
    const [text, { place }] = first;
    let name = byComponent.get(text);
    if (name === undefined) {
      const wanted = componentNameOf(place);
      name = wanted;
      for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
      taken.add(name);
      components[name] = JSON.parse(text) as Schema;
    }
    const ref = { $ref: `#/components/schemas/${name}` };
    const replace = (schema: Schema): Schema => (JSON.stringify(schema) === text ? ref : mapChildSchemas(schema, replace));
    responses = Object.fromEntries(Object.entries(responses).map(([key, schema]) => [key, replace(schema)]));
    components = Object.fromEntries(Object.entries(components).map(([key, schema]) => [key, mapChildSchemas(schema, replace)]));
  }
}

/** The schemas directly inside a schema (its properties, items, alternatives), each with the place it stands. */
function childSchemas(schema: Schema, place: string, visit: (child: Schema, place: string) => void): void {
  mapChildSchemas(schema, (child, key) => {
    visit(child, key === undefined ? place : `${place} ${key}`);
    return child;
  });
}

function mapChildSchemas(schema: Schema, map: (child: Schema, key: string | undefined) => Schema): Schema {
  const mapped: Schema = { ...schema };
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties !== undefined) mapped.properties = Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, map(child, key)]));
  if (isSchema(schema.items)) mapped.items = map(schema.items, 'item');
  if (isSchema(schema.additionalProperties)) mapped.additionalProperties = map(schema.additionalProperties, 'value');
  for (const key of ['anyOf', 'allOf'] as const) if (Array.isArray(schema[key])) mapped[key] = (schema[key] as Schema[]).map((child) => map(child, undefined));
  return mapped;
}

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `PeriodFigures byIncidentKind` → `PeriodFiguresByIncidentKind`; `GET /reports/annual/{year}` → `ReportsAnnualYear`. */
function componentNameOf(place: string): string {
  const words = place.replace(/^(GET|POST) /, '').split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('') || 'Shared';
}

export const GENERATED_FILE = 'src/http/openapi/response-schemas.generated.ts';

/** The generated module's text: the schemas as a constant the OpenAPI set-up reads, one answer or component a line (a diff names the one that changed). */
export function generatedModule(schemas: ResponseSchemas): string {
  return (
    '// Generated by src/http/openapi/response-schemas.generate.ts from the routes\' return types (npm run openapi:schemas). Do not edit.\n' +
    "import type { ResponseSchemas } from './response-schemas.generate.js';\n\n" +
    'export const RESPONSE_SCHEMAS: ResponseSchemas = {\n' +
    (['responses', 'components'] as const).map((part) => `  ${part}: {\n${Object.entries(schemas[part]).map(([key, schema]) => `    ${JSON.stringify(key)}: ${JSON.stringify(schema)},\n`).join('')}  },\n`).join('') +
    '};\n'
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // dist/src/http/openapi/ → the repository.
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  writeFileSync(join(root, GENERATED_FILE), generatedModule(responseSchemas(root)));
  process.stdout.write(`wrote ${GENERATED_FILE}\n`);
}
