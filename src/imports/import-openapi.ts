import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { problemResponse } from '../http/openapi.js';

export class ImportQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: judge every row and report, writing nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

/** The documentation both import endpoints share. */
export function ApiImport(options: { summary: string; description: string; example: string; operationId: string }) {
  return applyDecorators(
    ApiOperation({ operationId: options.operationId, summary: options.summary, description: `${options.description} Columns and formats: src/imports/README.md.` }),
    ApiConsumes('text/csv'),
    ApiBody({ description: 'a CSV file, UTF-8, separated by , or ; (as the header line is), multi-valued cells separated by |', schema: { type: 'string', example: options.example } }),
    ApiOkResponse({ description: 'a dry run (every refused row, what would be written); or a file imported before (its ImportResult, replayed: true, Idempotent-Replayed: true)' }),
    ApiCreatedResponse({ description: 'every row imported, all in one go' }),
    problemResponse(400, 'the file cannot be read: empty-body, csv-not-utf8, csv-malformed, csv-unknown-columns, csv-missing-columns, csv-duplicate-columns, csv-without-rows'),
    problemResponse(409, 'import-conflict: a stream the import would create holds other events'),
    problemResponse(413, 'payload-too-large or csv-too-many-rows'),
    problemResponse(415, 'not text/csv, or a charset other than UTF-8'),
    problemResponse(422, 'import-refused: `refused` lists every refused row (row, column, code, message); nothing was written'),
  );
}
