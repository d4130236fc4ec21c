import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { DecisionContext } from '../shared/decision.rules.js';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { readCsvTableInSlices, type ColumnSpec, type CsvTable } from './csv-table.js';
import { ImportFileError, ImportRefusedError, type RowRefusal } from './import-errors.js';
import { importIdOf, planInSlices, type ImportKind, type ImportPlan, type ImportPlanning } from './import-plan.js';
import { ImportWriter, type ImportResult } from './import-writer.js';

/** What a dry run answers: every refusal, and what the import would write. */
export interface DryRunResult {
  readonly kind: ImportKind;
  readonly dryRun: true;
  readonly importId: string;
  readonly fileHash: string;
  readonly rows: number;
  readonly accepted: number;
  readonly refused: readonly RowRefusal[];
  /** The streams it would create (only those of accepted rows), with their events' types. */
  readonly streams: readonly { readonly row: number; readonly id: string; readonly streamId: string; readonly events: readonly string[] }[];
  /** This file was imported before: a real run would write nothing and answer that import's result. */
  readonly alreadyImported: boolean;
}

/** One kind of import: its columns, and its pure decide from table to plan. */
export interface ImportDefinition {
  readonly kind: ImportKind;
  readonly columns: ColumnSpec;
  /** The pure decide from table to plan, as a planning that pauses between slices of rows. */
  readonly plan: (table: CsvTable, context: DecisionContext) => ImportPlanning;
}

/**
 * What both import routes do: read the file, judge every row with the commands' rules
 * (pure), then either report (dry run), refuse all of it (422, nothing written), answer an
 * earlier import of the same file (200), or write all of it (201).
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly writer: ImportWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(definition: ImportDefinition, body: unknown, dryRun: boolean, envelope: CommandEnvelope, reply: FastifyReply): Promise<DryRunResult | ImportResult> {
    if (!Buffer.isBuffer(body)) throw new ImportFileError('unsupported-media-type', 'send the file as the body, with Content-Type: text/csv', 415);
    // Read and decided in slices between turns of the event loop: a file of 10,000 rows
    // takes seconds, in which the service must go on answering (health probes, commands).
    const table = await readCsvTableInSlices(body, definition.columns);
    const earlier = await this.writer.earlier(definition.kind, importIdOf(definition.kind, table.fileHash));
    if (earlier && !dryRun) return answer(reply, 200, earlier);
    const context: DecisionContext = { now: this.clock.now().toISOString(), maxClockSkewMs: this.config.commands.maxClockSkewMs, diensten: this.config.organisation.diensten };
    const plan = await planInSlices(definition.plan(table, context));
    if (dryRun) return answer(reply, 200, dryRunResult(plan, earlier !== undefined));
    if (plan.refused.length > 0) throw new ImportRefusedError(plan.fileHash, plan.rows, plan.refused);
    const result = await this.writer.write(plan, { actor: envelope.actor, correlationId: envelope.correlationId });
    return answer(reply, result.replayed ? 200 : 201, result);
  }
}

function answer<T extends DryRunResult | ImportResult>(reply: FastifyReply, status: 200 | 201, result: T): T {
  void reply.status(status);
  if ('replayed' in result && result.replayed) void reply.header('idempotent-replayed', 'true');
  return result;
}

function dryRunResult(plan: ImportPlan, alreadyImported: boolean): DryRunResult {
  const { kind, importId, fileHash, rows, refused } = plan;
  const streams = plan.streams.map(({ row, id, streamId, events }) => ({ row, id, streamId, events: events.map((event) => event.type) }));
  return { kind, dryRun: true, importId, fileHash, rows, accepted: rows - new Set(refused.map((r) => r.row)).size, refused, streams, alreadyImported };
}
