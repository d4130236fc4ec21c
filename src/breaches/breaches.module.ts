import { Module } from '@nestjs/common';
import { useCaseClasses } from '../shared/use-case-classes.js';
import { BreachCommands } from './breach-commands.js';
import { BreachViews } from './breach-views.js';

/** Every use-case folder's route and handler (docs/architecture.md, "Slices"): a new folder needs no entry here. */
const useCases = await useCaseClasses(import.meta.url, (path) => import(path));

/** The breach slice: its use cases, and what they share (the command side's BreachCommands, the views' queries). */
@Module({
  controllers: useCases.controllers,
  providers: [BreachCommands, BreachViews, ...useCases.providers],
  exports: [BreachViews],
})
export class BreachesModule {}
