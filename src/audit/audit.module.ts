import { Module } from '@nestjs/common';
import { ReplayRoute } from './replay.route.js';

/** Auditors and the supervisory authority: replay of the log (time travel lives with the views). */
@Module({ controllers: [ReplayRoute] })
export class AuditModule {}
