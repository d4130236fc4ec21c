import { Global, Module } from '@nestjs/common';
import { StreamedRows } from './streamed-rows.js';
import { ViewExportInterceptor } from './view-export.js';

/** The exports of the views (CSV, XLSX, PDF) and their labels: used by the view routes of every slice. */
@Global()
@Module({ providers: [StreamedRows, ViewExportInterceptor], exports: [StreamedRows, ViewExportInterceptor] })
export class ExportsModule {}
