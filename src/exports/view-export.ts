import { applyDecorators, createParamDecorator, Inject, Injectable, SetMetadata, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { from, map, mergeMap, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RequestValidationError } from '../http/request-errors.js';
import { withLabels, type LabelScheme } from '../labels/label-json.js';
import { LANGUAGES } from '../labels/labels.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { csvStream } from './csv-writer.js';
import { pdfStream } from './pdf-writer.js';
import { labeller, type TableModel } from './table-model.js';
import { xlsxStream } from './xlsx-writer.js';
import { chooseFormat, chooseLang, MEDIA_TYPES, type ViewFormat, type ViewRequest } from './view-format.js';

/**
 * `@ViewExport({ labels, exports })` on a view route: its JSON answer gains the labels of its
 * codes in the language asked for, and, with `exports`, the same view is also given as CSV,
 * XLSX or PDF, chosen with `?format=` or `Accept`. The route stays as it was: it computes its
 * view (with `?asOf=`/`?minPosition=` as always) and this interceptor renders it through the
 * view's table mapping. A route whose export must stream (a register of any size) asks
 * `@ViewRequested()` whether an export was asked for and returns `{ rows }` as an async
 * iterable instead of a page.
 */

export type ExportFormat = Exclude<ViewFormat, 'json'>;

export interface ExportContext {
  /** The log position the view reflects (its Projection-Position). */
  readonly position: string | undefined;
  /** The moment asked for (time travel); undefined for the live view. */
  readonly asOf: string | undefined;
  /** When the export was made (the service clock). */
  readonly generatedAt: string;
  /** The query as the route read it (filters), without the export's own parameters. */
  readonly query: Readonly<Record<string, unknown>>;
}

export interface ViewExportSpec<V = never> {
  readonly labels: LabelScheme;
  readonly exports?: {
    readonly formats: readonly ExportFormat[];
    readonly tables: (view: V, context: ExportContext) => TableModel;
  };
}

const SPEC = Symbol('view-export');
const REQUESTED = Symbol('view-request');
/** The query parameters of the export itself, taken off the query before the route's own validation sees it. */
const OWN_PARAMETERS = ['format', 'lang', 'table', 'delimiter'] as const;
const DELIMITERS = { comma: ',', semicolon: ';' } as const;

type Spec = ViewExportSpec<unknown>;

@Injectable()
export class ViewExportInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<Spec | undefined>(SPEC, context.getHandler());
    if (spec === undefined) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { [REQUESTED]?: ViewRequest }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const query = (request.query ?? {}) as Record<string, unknown>;
    const own = Object.fromEntries(OWN_PARAMETERS.map((name) => [name, query[name]]));
    for (const name of OWN_PARAMETERS) delete query[name];
    const format = chooseFormat(own.format, request.headers, ['json', ...(spec.exports?.formats ?? [])]);
    const lang = chooseLang(own.lang, request.headers);
    const delimiter = delimiterOf(own.delimiter);
    request[REQUESTED] = { format, lang };
    void reply.header('vary', 'Accept, Accept-Language').header('content-language', lang);
    const names = this.config.organisation.dienstNames;
    if (format === 'json' || spec.exports === undefined) return next.handle().pipe(map((view) => withLabels(view, spec.labels, lang, names)));
    const tables = spec.exports.tables;
    return next.handle().pipe(
      mergeMap((view: unknown) => {
        const asOf = typeof view === 'object' && view !== null && 'asOf' in view && typeof view.asOf === 'string' ? view.asOf : undefined;
        const position = reply.getHeader('projection-position');
        const model = tables(view, { position: position === undefined ? undefined : String(position), asOf, generatedAt: this.clock.now().toISOString(), query: { ...query } });
        const sheets = pickSheets(model, own.table);
        const labels = labeller(lang, names);
        void reply
          .type(format === 'csv' ? `${MEDIA_TYPES.csv}; charset=utf-8; header=present` : MEDIA_TYPES[format])
          .header('content-disposition', `attachment; filename="${fileName(model.fileName[lang])}.${format}"`);
        const rendered: Promise<Readable> | Readable =
          format === 'csv' ? csvStream(labels, { sheets, delimiter }) : format === 'xlsx' ? xlsxStream(model, labels, sheets) : pdfStream(model, labels, sheets, this.clock.now().toISOString());
        return from(Promise.resolve(rendered));
      }),
    );
  }
}

function delimiterOf(value: unknown): ',' | ';' {
  if (value === undefined) return ',';
  if (value === 'comma' || value === 'semicolon') return DELIMITERS[value];
  throw new RequestValidationError([{ pointer: '/delimiter', message: 'delimiter must be comma or semicolon' }]);
}

function pickSheets(model: TableModel, table: unknown): TableModel['sheets'] {
  if (table === undefined) return model.sheets;
  const sheet = model.sheets.find((candidate) => candidate.id === table);
  if (sheet === undefined) throw new RequestValidationError([{ pointer: '/table', message: `table must be one of ${model.sheets.map((candidate) => candidate.id).join(', ')}` }]);
  return [sheet];
}

/** A file name safe in a quoted Content-Disposition: letters, digits, dot, dash, underscore. */
function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}

/** What was asked for, for a route that streams its export (undefined on routes without @ViewExport). */
export const ViewRequested = createParamDecorator((_: unknown, context: ExecutionContext): ViewRequest | undefined => {
  return context.switchToHttp().getRequest<{ [REQUESTED]?: ViewRequest }>()[REQUESTED];
});

export function ViewExport<V>(spec: ViewExportSpec<V>): MethodDecorator {
  const formats = ['json', ...(spec.exports?.formats ?? [])] as ViewFormat[];
  return applyDecorators(
    SetMetadata(SPEC, spec),
    UseInterceptors(ViewExportInterceptor),
    ApiQuery({ name: 'lang', required: false, enum: LANGUAGES, description: 'language of the labels (default nl; also Accept-Language)' }),
    ...(spec.exports === undefined
      ? []
      : [
          ApiQuery({ name: 'format', required: false, enum: formats, description: 'the answer as JSON, CSV, XLSX or PDF (also Accept); a format the view cannot give is 406 format-not-available' }),
          ApiQuery({ name: 'table', required: false, description: 'CSV/XLSX/PDF: only this table of the view (its id)' }),
          ApiQuery({ name: 'delimiter', required: false, enum: Object.keys(DELIMITERS), description: 'CSV: the separator (default comma; semicolon for Dutch Excel)' }),
          ApiProduces(...formats.map((format) => MEDIA_TYPES[format])),
        ]),
  );
}
