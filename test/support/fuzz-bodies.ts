import fc from 'fast-check';

/**
 * Bodies for fuzzing the command routes: a route's valid example with one field mutated (the
 * mutations that reach furthest, past the parser, into validation and the handlers), raw hostile
 * texts, and CSV files for the imports.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The example of a route's body in the OpenAPI document; for a schema without one, a body built from its properties. */
export function exampleBody(document: OpenApiDocument, path: string, mediaType: 'application/json' | 'text/csv'): Json | string | undefined {
  const content = document.paths[path]?.post?.requestBody?.content?.[mediaType];
  if (!content) return undefined;
  const example = Object.values(content.examples ?? {})[0]?.value ?? content.schema.example;
  return example ?? fromSchema(document, content.schema);
}

function fromSchema(document: OpenApiDocument, schema: Schema): Json {
  const resolved = schema.$ref ? (document.components.schemas[schema.$ref.split('/').at(-1) as string] as Schema) : schema;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.type === 'array') return [fromSchema(document, resolved.items ?? {})];
  if (resolved.properties) return Object.fromEntries(Object.entries(resolved.properties).map(([name, property]) => [name, fromSchema(document, property)]));
  return resolved.type === 'number' || resolved.type === 'integer' ? 1 : resolved.type === 'boolean' ? true : 'x';
}

/** Every path into a JSON value that ends at a field or an array item: where a mutation may land. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  return [];
}

const REMOVE = Symbol('remove');

function replaceAt(value: Json, path: readonly (string | number)[], replacement: Json | typeof REMOVE): Json {
  const [head, ...rest] = path;
  if (head === undefined) return replacement === REMOVE ? null : replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) }) as Record<string | number, Json>;
  if (rest.length === 0 && replacement === REMOVE) delete copy[head];
  else copy[head] = replaceAt(copy[head] as Json, rest, replacement);
  return copy as Json;
}

/** What a field may be given instead of its value: wrong types, an array for an object, an object for an array, huge, null, absent. */
const hostileValue: fc.Arbitrary<Json | typeof REMOVE> = fc.oneof(
  fc.constantFrom<Json | typeof REMOVE>(REMOVE, null, [], {}, [{}], [[]], '', ' ', 0, -1, 1.5, true, '1', 'null', 9007199254740991, -9007199254740991),
  fc.constantFrom<Json>('x'.repeat(20_000), 'é'.repeat(5_000), '\u202e\u0007\t\r\n', '=HYPERLINK("http://evil.example")', '../../etc/passwd', '2026-03-02T10:00:00+01:00', '2026-02-30T10:00:00Z'),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
);

/** A route's valid example with one field (at any depth) replaced, removed, or the whole body swapped for a hostile value. */
export function mutatedBody(valid: Json): fc.Arbitrary<string> {
  const paths = pathsOf(valid);
  const oneField = paths.length === 0 ? fc.constant(valid) : fc.tuple(fc.constantFrom(...paths), hostileValue).map(([path, replacement]) => replaceAt(valid, path, replacement));
  const extraField = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), hostileValue.filter((v): v is Json => v !== REMOVE)).map(([key, value]) => ({ ...(valid as object), [key]: value }) as Json);
  return fc.oneof({ weight: 6, arbitrary: oneField }, { weight: 1, arbitrary: extraField }, { weight: 1, arbitrary: fc.constant(valid) }).map((body) => JSON.stringify(body));
}

/** Texts no JSON route should take. */
export const hostileJsonText: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 100 }),
  fc.constantFrom<string | Buffer>(
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{}}}',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":1,"a":2}',
    '{"a":9007199254740993}',
    '[]',
    'null',
    '1e999',
    '',
    '{',
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
  ),
);

/** A CSV file for an import: its example with a cell, the header or the separators spoiled. */
export function mutatedCsv(valid: string): fc.Arbitrary<string | Buffer> {
  const [header = '', ...rows] = valid.trimEnd().split('\n');
  const cells = rows.map((row) => row.split(';'));
  const hostileCell = fc.oneof(
    fc.constantFrom('', ' ', '=cmd|" /C calc"!A0', '+1', '-1', '@SUM(A1)', '"', '""', 'a"b', '\t', '\r', 'x'.repeat(20_000), '2026-02-30T10:00:00Z', '9999999999', '-1', 'yes|no', '\u0000', '\ufeff'),
    fc.string({ maxLength: 40 }),
  );
  const spoiledCell = fc.tuple(fc.nat(), fc.nat(), hostileCell).map(([r, c, cell]) => {
    const table = cells.map((row) => [...row]);
    const row = table[r % Math.max(table.length, 1)];
    if (row) row[c % row.length] = cell;
    return [header, ...table.map((line) => line.join(';'))].join('\n');
  });
  return fc.oneof(
    { weight: 6, arbitrary: spoiledCell },
    { weight: 1, arbitrary: fc.constantFrom<string | Buffer>('', header, rows.join('\n'), valid.replace(/;/g, ','), valid.replace(/;/g, '\t'), `${valid}${rows[0] ?? ''}\n`, Buffer.from([0xff, 0xfe, 0x00, 0x41])) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );
}

interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly example?: Json;
  readonly items?: Schema;
  readonly properties?: Record<string, Schema>;
}

export interface OpenApiDocument {
  readonly paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema: Schema; examples?: Record<string, { value: Json }> }> } } }>;
  readonly components: { readonly schemas: Record<string, Schema> };
}
