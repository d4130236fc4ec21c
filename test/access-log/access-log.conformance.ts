import { describe, expect, it } from '@jest/globals';
import type { AccessEntry, AccessLog } from '../../src/access-log/access-log.port.js';

export interface AccessLogHarness {
  /** A log over fresh, empty storage. */
  open(): Promise<AccessLog>;
  /** Another handle on the same storage as `store` (a restart, or a second instance). */
  another(store: AccessLog): Promise<AccessLog>;
}

const entry = (n: number, extra: Partial<AccessEntry> = {}): AccessEntry => ({
  at: new Date(Date.UTC(2026, 2, 1, 10, 0, n)).toISOString(),
  actor: { id: `api-key:${String(n).padStart(16, '0')}`, role: 'auditor' },
  method: 'GET',
  route: '/ledger/export',
  url: `/ledger/export?n=${n}`,
  status: 200,
  ...extra,
});

/** The AccessLog port's contract: every adapter runs exactly these tests. */
export function describeAccessLogConformance(adapter: string, harness: AccessLogHarness): void {
  const using = (test: (log: AccessLog) => Promise<void>) => async () => {
    const log = await harness.open();
    try {
      await test(log);
    } finally {
      await log.close();
    }
  };

  describe(`AccessLog conformance (${adapter})`, () => {
    it(
      'pages the entries newest first, with the total',
      using(async (log) => {
        for (let n = 1; n <= 5; n++) await log.record(entry(n));
        const first = await log.page(0, 2);
        expect(first.total).toBe(5);
        expect(first.items.map((item) => item.url)).toEqual(['/ledger/export?n=5', '/ledger/export?n=4']);
        expect((await log.page(4, 2)).items.map((item) => item.url)).toEqual(['/ledger/export?n=1']);
        expect(await log.page(10, 2)).toEqual({ items: [], total: 5 });
      }),
    );

    it(
      'gives back each entry as recorded, with what a scoped read rested on, and no detail when there was none',
      using(async (log) => {
        const scoped = entry(1, { actor: { id: 'jwt:https://ap.example#7', role: 'supervisory-authority' }, route: '/breaches/:breachId/timeline', status: 200, detail: { breachId: 'b-1', inquiryId: 'i-1' } });
        const plain = entry(2, { method: 'POST', status: 201 });
        await log.record(scoped);
        await log.record(plain);
        const { items } = await log.page(0, 10);
        expect(items).toEqual([plain, scoped]);
        expect(Object.keys(items[0] as object)).not.toContain('detail');
      }),
    );

    it('keeps every entry across a restart, and shows entries another instance wrote', async () => {
      const log = await harness.open();
      const other = await harness.another(log);
      try {
        await log.record(entry(1));
        await other.record(entry(2));
        expect((await log.page(0, 10)).items.map((item) => item.url)).toEqual(['/ledger/export?n=2', '/ledger/export?n=1']);
        await other.close();
        const again = await harness.another(log);
        expect((await again.page(0, 10)).total).toBe(2);
        await again.close();
      } finally {
        await log.close();
        await other.close();
      }
    });

    it(
      'offers no way to change or remove an entry: append-only by construction',
      using(async (log) => {
        const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(log)).filter((name) => name !== 'constructor');
        expect(methods.sort()).toEqual(['close', 'page', 'record']);
      }),
    );
  });
}
