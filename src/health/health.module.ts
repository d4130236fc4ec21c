import { Module } from '@nestjs/common';
import { DataFiles } from './data-files.js';
import { HealthController, ShutdownState } from './health.controller.js';

@Module({ controllers: [HealthController], providers: [ShutdownState, DataFiles] })
export class HealthModule {}
