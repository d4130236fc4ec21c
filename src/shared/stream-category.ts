/**
 * The category of a stream id: `breach` for `breach-<uuid>`, the whole id when it has no `-`.
 * Projections handle the events of one category; the event store reads by category.
 */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
