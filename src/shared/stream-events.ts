/**
 * The shape every stream's events share (pure: each slice's `*.events.ts` instantiates these
 * for its own union). A stream's events are a union of `StreamEvent<'Type', TypeData>`; the
 * maps over that union's types have one entry per type, so adding an event type does not
 * compile until its schema version (and, where the slice has personal data, its personal
 * fields) are written down. Reading refuses what the map does not name (an unknown type) and
 * a version above the one named (a newer build's event): handle-command.ts's `readEvent`
 * and projections/stream.ts's `readStreamEvent`.
 */

/** One event of a stream: its type and its payload (who did it and when it was stored live in the envelope). */
export type StreamEvent<T extends string, D> = { readonly type: T; readonly data: D };

/** Any stream's event, as generic code (command handling, the read side) takes it. */
export type AnyStreamEvent = StreamEvent<string, object>;

/** The schema version each type of the union `E` is written with today: one entry per type. */
export type SchemaVersions<E extends { readonly type: string }> = { readonly [T in E['type']]: number };

/**
 * The personal fields of each type of the union `E` (patterns of personal-fields.ts): one
 * entry per type, an empty list for a type that carries none.
 */
export type PersonalFields<E extends { readonly type: string }> = { readonly [T in E['type']]: readonly string[] };
