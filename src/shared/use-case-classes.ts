import type { Type } from '@nestjs/common';
import { CONTROLLER_WATERMARK, INJECTABLE_WATERMARK } from '@nestjs/common/constants.js';
import { existsSync, readdirSync } from 'node:fs';

/**
 * What @CommandHandler, @QueryHandler and @EventsHandler put on a class (@nestjs/cqrs does not
 * export its constants; use-case-classes.spec.ts checks these against the decorators). A handler
 * is injectable only when given options, so these mark it.
 */
export const HANDLER_METADATA = ['__commandHandler__', '__queryHandler__', '__eventsHandler__'] as const;

export interface UseCaseClasses {
  /** The routes, in the order of their folders' names. */
  readonly controllers: Type[];
  /** The command and query handlers and the services the use cases export. */
  readonly providers: Type[];
}

/**
 * The Nest classes of a slice's use cases, found where a use case lives: one folder per use case
 * beside the slice's module, holding `<use-case>.http.ts` (its route and request) and
 * `<use-case>.ts` (its command, decide and handler; or its query and handler). Every controller
 * either file exports is one of the module's controllers, every handler and every injectable one
 * of its providers: a use case is registered by being written.
 *
 * `sliceUrl` is the module's `import.meta.url`; `load` is the module's own `import()`, so that
 * the relative path `./<use-case>/<use-case>.js` is resolved from the slice (the built `.js`, or
 * under Jest the `.ts` its module mapper finds). Other files of a use-case folder (parts of a
 * larger use case) are loaded through these two, and a folder holding neither is skipped.
 */
export async function useCaseClasses(sliceUrl: string, load: (path: string) => Promise<Record<string, unknown>>): Promise<UseCaseClasses> {
  const slice = new URL('.', sliceUrl);
  const folders = readdirSync(slice, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const controllers: Type[] = [];
  const providers: Type[] = [];
  for (const folder of folders) {
    for (const file of [`${folder}.http`, folder]) {
      if (!['.ts', '.js'].some((extension) => existsSync(new URL(`${folder}/${file}${extension}`, slice)))) continue;
      const exported = await load(`./${folder}/${file}.js`);
      for (const value of Object.values(exported)) {
        if (typeof value !== 'function') continue;
        if (Reflect.getMetadata(CONTROLLER_WATERMARK, value) === true) controllers.push(value as Type);
        else if (Reflect.getMetadata(INJECTABLE_WATERMARK, value) === true || HANDLER_METADATA.some((key) => Reflect.hasOwnMetadata(key, value))) providers.push(value as Type);
      }
    }
  }
  return { controllers, providers };
}
