import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { problemResponse } from '../http/openapi.js';

export class ImportQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: judge every row and report, writing nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

class RowRefusalSchema {
  @ApiProperty({ example: 3, description: 'the data row: 1 is the first row under the header' }) row!: number;
  @ApiPropertyOptional({ example: 'aware_at' }) column?: string;
  @ApiProperty({ example: 'time-in-future' }) code!: string;
  @ApiProperty({ example: 'awareAt (2031-03-02T09:00:00.000Z) lies in the future' }) message!: string;
}

class CreatedSchema {
  @ApiProperty({ example: 1 }) row!: number;
  @ApiProperty({ example: '0b6a4d0e-5f3c-5c1e-9d52-6f1f0d6a7c11' }) id!: string;
  @ApiProperty({ example: 'breach-0b6a4d0e-5f3c-5c1e-9d52-6f1f0d6a7c11' }) streamId!: string;
}

class ImportResultSchema {
  @ApiProperty({ enum: ['breaches', 'processing-activities'] }) kind!: string;
  @ApiProperty({ description: 'derived from the kind and the file hash: the same file is the same import' }) importId!: string;
  @ApiProperty({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) fileHash!: string;
  @ApiProperty({ example: 2 }) rows!: number;
  @ApiProperty({ example: 9 }) events!: number;
  @ApiProperty({ type: [CreatedSchema] }) created!: CreatedSchema[];
  @ApiProperty({ example: '1042', description: 'the position of the import\'s last event: minPosition for the views' }) lastPosition!: string;
  @ApiProperty({ description: 'true: the file was imported before; nothing new was written' }) replayed!: boolean;
}

class DryRunStreamSchema extends CreatedSchema {
  @ApiProperty({ type: [String], example: ['BreachDetected', 'BreachAssessed'] }) events!: string[];
}

class DryRunSchema {
  @ApiProperty({ enum: ['breaches', 'processing-activities'] }) kind!: string;
  @ApiProperty({ example: true }) dryRun!: boolean;
  @ApiProperty() importId!: string;
  @ApiProperty({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) fileHash!: string;
  @ApiProperty({ example: 2 }) rows!: number;
  @ApiProperty({ example: 1 }) accepted!: number;
  @ApiProperty({ type: [RowRefusalSchema] }) refused!: RowRefusalSchema[];
  @ApiProperty({ type: [DryRunStreamSchema] }) streams!: DryRunStreamSchema[];
  @ApiProperty({ description: 'the file was imported before' }) alreadyImported!: boolean;
}

/** The documentation both import endpoints share. */
export function ApiImport(options: { summary: string; description: string; example: string; operationId: string }) {
  return applyDecorators(
    ApiOperation({ operationId: options.operationId, summary: options.summary, description: `${options.description} Columns and formats: src/imports/README.md.` }),
    ApiConsumes('text/csv'),
    ApiBody({ description: 'a CSV file, UTF-8, separated by , or ; (as the header line is), multi-valued cells separated by |', schema: { type: 'string', example: options.example } }),
    ApiOkResponse({ type: DryRunSchema, description: 'a dry run (every refused row, what would be written); or a file imported before (its ImportResult, replayed: true, Idempotent-Replayed: true)' }),
    ApiCreatedResponse({ type: ImportResultSchema, description: 'every row imported, all in one go' }),
    problemResponse(400, 'the file cannot be read: empty-body, csv-not-utf8, csv-malformed, csv-unknown-columns, csv-missing-columns, csv-duplicate-columns, csv-without-rows'),
    problemResponse(409, 'import-conflict: a stream the import would create holds other events'),
    problemResponse(413, 'payload-too-large or csv-too-many-rows'),
    problemResponse(415, 'not text/csv, or a charset other than UTF-8'),
    problemResponse(422, 'import-refused: `refused` lists every refused row (row, column, code, message); nothing was written'),
  );
}
