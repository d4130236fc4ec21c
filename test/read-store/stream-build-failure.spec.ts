import { describe, expect, it } from '@jest/globals';
import { breachRegister } from '../../projections/breach-register.js';
import { breachTimeline } from '../../projections/breach-timeline.js';
import { assessed, detected, dpoInformed } from '../support/projections/testing.js';
import type { JsonObject } from '../../src/shared/json.js';
import { newEvent } from '../support/events.js';
import { readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

const BREACH_ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11'; // detected()'s

describe('a build in stream order that meets an event a definition cannot handle', () => {
  it('folds the stream with applyAll, and when that throws names the event (the one apply refuses), as a build event by event does', async () => {
    const dir = tempDir();
    try {
      const writer = readSide(dir.path, { definitions: [] });
      const stream = [detected(), dpoInformed('2026-03-02T12:00:00.000Z'), detected(), assessed('2026-03-03T10:00:00.000Z')];
      await writer.events.append(`breach-${BREACH_ID}`, stream.map((event) => newEvent(event.type, event.data as unknown as JsonObject)), { expectedRevision: 'no_stream' });
      await writer.close();
      for (const buildInStreamOrder of [true, false]) {
        const side = readSide(dir.path, { definitions: [breachTimeline, breachRegister], readModels: `read-models-${String(buildInStreamOrder)}.sqlite`, buildInStreamOrder });
        try {
          await side.projections.start();
          let status = await side.projections.status();
          for (let tries = 0; status.some((projection) => projection.lastError === null); tries += 1) {
            expect(tries).toBeLessThan(200);
            await new Promise((resolve) => setTimeout(resolve, 50));
            status = await side.projections.status();
          }
          for (const projection of status) {
            expect([projection.name, projection.state, projection.lastError?.event, projection.lastError?.message]).toEqual([
              projection.name,
              'failed',
              expect.objectContaining({ streamId: `breach-${BREACH_ID}`, revision: 2, type: 'BreachDetected' }),
              expect.stringContaining('the breach was already detected'),
            ]);
          }
        } finally {
          await side.close();
        }
      }
    } finally {
      dir.remove();
    }
  });
});
