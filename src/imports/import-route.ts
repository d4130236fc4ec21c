import { Body, Controller, Post, Query, Res, type Type } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { CommandRequest } from '../http/command-request.decorator.js';
import { ApiImport, ImportQuery } from './import-openapi.js';
import { ImportRunner, type DryRunResult, type ImportDefinition } from './import-runner.js';
import type { ImportResult } from './import-writer.js';

/**
 * The route of one kind of import, `POST /imports/<kind>` with a text/csv body and
 * `?dryRun=true`: each kind differs only in its columns, its decide and its documentation.
 */
export function importRoute(definition: ImportDefinition, docs: { readonly summary: string; readonly description: string; readonly example: string }): Type<unknown> {
  @ApiTags('imports')
  @Controller('imports')
  class ImportRoute {
    constructor(readonly imports: ImportRunner) {}

    @Post(definition.kind)
    @ApiImport({ ...docs, operationId: `import-${definition.kind}` })
    import(@Body() body: unknown, @Query() query: ImportQuery, @CommandRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) reply: FastifyReply): Promise<DryRunResult | ImportResult> {
      return this.imports.run(definition, body, query.dryRun === 'true', envelope, reply);
    }
  }
  return ImportRoute;
}
