import { Inject, Injectable } from '@nestjs/common';
import { breachRegister, type BreachRegisterDocument } from '../../projections/breach-register.js';
import { inquiries, type InquiryDocument } from '../../projections/inquiries.js';
import type { Viewed } from '../http/view-queries.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import type { Filter } from '../read-store/document-store.port.js';
import { ProjectionViews } from '../read-store/projection-views.js';
import type { InquiryScopes } from '../auth/auth.guard.js';
import { inquiryNotFound } from './inquiry-commands.js';
import { inquiryStreamId, type InquiryScope } from './inquiry.events.js';
import type { ReadAt } from '../read-store/read-at.js';
import { inPopulation, mayRead, scopeFactsOf } from './inquiry.rules.js';

export type InquiryStatusFilter = 'open' | 'closed' | 'all';

/** The inquiry views, and what they grant the supervisory authority (the guard's InquiryScopes). */
@Injectable()
export class InquiryViews extends ProjectionViews implements InquiryScopes {
  @Inject(EVENT_STORE) private readonly events!: EventStore;

  inquiry(inquiryId: string, at?: ReadAt): Promise<Viewed<InquiryDocument>> {
    return this.one<InquiryDocument>(inquiries, inquiryId, inquiryNotFound(inquiryId), at, inquiryStreamId(inquiryId));
  }

  /** The inquiries, the next answer deadline first. */
  list(status: InquiryStatusFilter, at?: ReadAt): Promise<Viewed<InquiryDocument[]>> {
    const where: Filter[] = status === 'all' ? [] : [{ field: 'status', op: 'eq', value: status }];
    return this.all<InquiryDocument>(inquiries, { where, orderBy: [{ field: 'answerDueAt', direction: 'asc' }] }, at);
  }

  /**
   * The inquiries an identity of the AP may read under: those naming it as a reader, or naming
   * no readers. Read once the projection has every event the log holds now, so a scope change
   * or a closure takes effect for the very next request, on every instance.
   */
  async inquiriesOf(principalId: string, status: InquiryStatusFilter = 'all'): Promise<InquiryDocument[]> {
    const head = await this.events.headPosition();
    return (await this.list(status, { minPosition: head })).view.filter((inquiry) => mayRead(inquiry.readers, principalId));
  }

  async breachAt(position: bigint): Promise<string | undefined> {
    const [event] = await this.events.readAll({ fromPosition: position, maxCount: 1 });
    if (event?.position !== position || !event.streamId.startsWith('breach-')) return undefined;
    return event.streamId.slice('breach-'.length);
  }

  /** docs/domain.md: "While an inquiry is open, the AP reads exactly the breaches in its scope." */
  async breachesInScope(principalId: string): Promise<ReadonlySet<string>> {
    const open = await this.inquiriesOf(principalId, 'open');
    const inScope = new Set(open.flatMap((inquiry) => inquiry.scope.breachIds));
    const populations = open.map((inquiry) => inquiry.scope).filter((scope) => scope.period !== null || scope.criterion !== null);
    if (populations.length > 0) for (const breachId of await this.population(populations)) inScope.add(breachId);
    return inScope;
  }

  /** The breaches of the register that the scopes' periods and criteria take in, as the register stands now. */
  private async population(scopes: readonly InquiryScope[]): Promise<string[]> {
    const head = await this.events.headPosition();
    const found: string[] = [];
    for (const scope of scopes) {
      // Narrowed in the store by year and period; judged by the rule on each row.
      const where: Filter[] = [
        ...(scope.criterion ? [{ field: 'year', op: 'eq' as const, value: scope.criterion.year }] : []),
        ...(scope.period ? [{ field: 'awareAt', op: 'gte' as const, value: scope.period.from }, { field: 'awareAt', op: 'lt' as const, value: scope.period.to }] : []),
      ];
      const rows = (await this.all<BreachRegisterDocument>(breachRegister, { where, orderBy: [{ field: 'awareAt', direction: 'asc' }] }, { minPosition: head })).view;
      for (const row of rows) if (inPopulation(scopeFactsOf(row), scope)) found.push(row.breachId);
    }
    return found;
  }
}
