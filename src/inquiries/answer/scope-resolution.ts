import { categoryOf } from '../../../projections/projection.js';
import { BREACH_CATEGORY } from '../../../projections/breach-stream.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { logPages } from '../../read-store/fold-pages.js';
import type { InquiryScope } from '../inquiry.events.js';
import { describesPopulation, inPopulation } from '../inquiry.rules.js';
import { ScopeFactsFold } from './scope-facts.js';

/** Small pages, as in answer-bundle.ts: each page's events die young. */
const PAGE = 200;

/**
 * The breaches an answer covers: those the scope names, and those of its population, judged
 * on the log's first `treeSize` events exactly as the AP's verifier judges them (ScopeFactsFold
 * over the same events). Sorted; a named breach not yet in the log is left out.
 */
export async function resolveScopeOnLog(events: EventStore, scope: InquiryScope, treeSize: number): Promise<string[]> {
  const folds = new Map<string, ScopeFactsFold>();
  const population = describesPopulation(scope);
  const named = new Set(scope.breachIds);
  let seen = 0;
  // A turn of the event loop between pages (logPages): the whole log is read, nothing else waits on it.
  for await (const page of logPages(events, PAGE)) {
    for (const event of page.slice(0, treeSize - seen)) {
      if (categoryOf(event.streamId) !== BREACH_CATEGORY) continue;
      const breachId = event.streamId.slice(BREACH_CATEGORY.length + 1);
      if (!population && !named.has(breachId)) continue;
      let fold = folds.get(breachId);
      if (!fold) folds.set(breachId, (fold = new ScopeFactsFold()));
      fold.add(event.type, event.data);
    }
    seen += Math.min(page.length, treeSize - seen);
    if (seen >= treeSize) break;
  }
  const inScope = [...folds].filter(([breachId, fold]) => {
    const facts = fold.facts();
    return facts !== undefined && (named.has(breachId) || inPopulation(facts, scope));
  });
  return inScope.map(([breachId]) => breachId).sort();
}
