import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { annualReport } from '../../projections/annual-report.js';
import { auditRecommendations } from '../../projections/audit-recommendations.js';
import { breachCauses, type BreachCausesDocument } from '../../projections/breach-causes.js';
import { breachRegister, type BreachRegisterDocument } from '../../projections/breach-register.js';
import { dpiaOverview } from '../../projections/dpia-overview.js';
import { processingRegister } from '../../projections/processing-register.js';
import { aggregatesCollection, aggregatesOf, AGGREGATES_COMPLETE } from '../../projections/projection-aggregates.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { keptAnnualReport } from '../../src/reports/get-annual-report/kept-figures.js';
import { appendGeneratedYear, DEFAULT_DIENSTEN, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import type { DocumentStore } from '../../src/read-store/document-store.port.js';
import { GovernanceDocuments } from '../../src/read-store/governance-documents.js';
import { ViewSource, type ViewSources } from '../../src/read-store/view-sources.js';
import type { JsonObject } from '../../src/shared/json.js';
import { appendAudits } from '../support/audit-streams.js';
import { newEvent } from '../support/events.js';
import { readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The annual report from the aggregates the register and the causes keep equals the report
 * computed from every row (annualReport), field for field, for generated years with
 * corrections, withdrawals, late reasons and verdicts, imports and erasures, for repeat windows
 * short and longer than a year; and the aggregates a rebuild gives equal the live-built ones.
 */

const KEPT: readonly ProjectionDefinition[] = [breachRegister, breachCauses] as unknown as ProjectionDefinition[];
const READ = [breachRegister, breachCauses, dpiaOverview, processingRegister, auditRecommendations] as unknown as ProjectionDefinition[];

async function aggregatesIn(documents: DocumentStore, collection: string) {
  return Object.fromEntries((await documents.findAll(aggregatesCollection(collection), {})).map((aggregate) => [String(aggregate.id), aggregate]));
}

describe('the annual report from kept aggregates', () => {
  it('equals the report from every row, and a rebuild gives the same aggregates as live processing, for generated years', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 8, max: 30 }), fc.integer({ min: 1, max: 13 }), async (seed, breaches, batchSize) => {
        const run = tempDir();
        const side = readSide(run.path, { batchSize });
        try {
          await side.projections.start();
          // Three years, the middle one with many corrections, withdrawals and late reports.
          for (const [offset, year] of [2020, 2021, 2022].entries()) {
            const generated = generateBreachYear({ seed: seed + offset, year, breaches, reportedShare: 0.6, lateShare: 0.4, withdrawnShare: 0.2, correctionShare: offset === 1 ? 0.5 : 0.1, importedLateWithoutReason: 1 });
            await appendGeneratedYear(side.events, side.clock, generated, { pipeline: true });
          }
          await appendAudits(side.events, 3);
          // Erasures of some breaches' personal data (the measures' texts become "[erased]"; every figure stays).
          const head0 = await side.events.headPosition();
          const { collection: registerAt0 } = await side.projections.readable(breachRegister.name, head0);
          const rows0 = await side.documents.findAll<BreachRegisterDocument>(registerAt0, {});
          for (const row of rows0.filter((_, index) => index % 5 === 0)) {
            await side.events.append(`breach-${row.breachId}`, [newEvent('PersonalDataErased', { erasedAt: '2023-06-01T00:00:00.000Z', reason: 'retention period ended' } as JsonObject)], { expectedRevision: 'any' });
          }
          const head = await side.events.headPosition();
          const collections = new Map<string, string>();
          for (const definition of READ) collections.set(definition.name, (await side.projections.readable(definition.name, head)).collection);
          const source = new ViewSource(side.documents, collections, head, '2023-07-01T00:00:00.000Z', undefined, 'test');
          const governance = () => new GovernanceDocuments({} as ViewSources).from(source);
          const rows = await source.findAll(breachRegister, {});
          const causes = await source.findAll(breachCauses, {});
          expect(rows.length).toBe(3 * breaches);

          for (const definition of KEPT) {
            const collection = collections.get(definition.name) as string;
            const live = await aggregatesIn(side.documents, collection);
            expect(live[AGGREGATES_COMPLETE]).toBeDefined();
            // The live-built sums are those of the documents as they are now: every subtraction was exact.
            const documents = await side.documents.findAll(collection, {});
            const fromDocuments = Object.fromEntries([...aggregatesOf(definition.aggregates!, documents)]);
            const { [AGGREGATES_COMPLETE]: _mark, ...liveSums } = live;
            expect(liveSums).toEqual(fromDocuments);
            const { done } = await side.projections.rebuild(definition.name);
            await done;
            const rebuilt = await side.projections.readable(definition.name, head);
            expect(rebuilt.collection).not.toBe(collection);
            expect(await aggregatesIn(side.documents, rebuilt.collection)).toEqual(live);
            // The old generation's aggregates went with it.
            expect(await side.documents.findAll(aggregatesCollection(collection), {})).toEqual([]);
            collections.set(definition.name, rebuilt.collection);
          }

          const rebuiltSource = new ViewSource(side.documents, collections, head, '2023-07-01T00:00:00.000Z', undefined, 'test');
          const documents = { ...(await governance()), breaches: rows, causes: causes as BreachCausesDocument[] };
          for (const year of [2019, 2020, 2021, 2022, 2023]) {
            for (const window of [1, 30, 90, 400, 1000]) {
              const expected = annualReport(documents, year, DEFAULT_DIENSTEN.slice(0, 3), window);
              expect(await keptAnnualReport(source, year, governance, DEFAULT_DIENSTEN.slice(0, 3), window)).toEqual(expected);
              expect(await keptAnnualReport(rebuiltSource, year, governance, DEFAULT_DIENSTEN.slice(0, 3), window)).toEqual(expected);
            }
          }
        } finally {
          await side.close();
          run.remove();
        }
      }),
      { numRuns: 4 },
    );
  });
});
