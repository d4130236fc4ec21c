import { beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { CommandHandler, EventsHandler, QueryHandler } from '@nestjs/cqrs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/config.js';
import { AbandonDpiaHandler } from '../../src/dpias/abandon-dpia/abandon-dpia.js';
import { DpiasModule } from '../../src/dpias/dpias.module.js';

/**
 * A handler or a route that no module lists is never run: Nest only knows the classes a
 * module names in its providers or controllers, and a command sent to a handler it does not
 * know fails at run time. This finds every class under src/ that carries @CommandHandler,
 * @QueryHandler, @EventsHandler or @Controller (by the metadata the decorators leave) and
 * requires each to be registered in some module the application imports.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Files that start work when imported (the service, the command line, the generators). */
const ENTRY_POINTS = [/^src\/main\.ts$/, /^src\/cli\//, /\.generate\.ts$/];

type ModuleEntry = Type<unknown> | DynamicModule | ForwardReference | Promise<DynamicModule>;

/** The metadata keys a decorator leaves on a class, found by decorating a class with it. */
function keysOf(decorate: ClassDecorator): readonly unknown[] {
  class Probe {}
  decorate(Probe);
  return Reflect.getOwnMetadataKeys(Probe);
}

class ProbeMessage {}
const DECORATORS: ReadonlyArray<readonly [string, readonly unknown[]]> = [
  ['@CommandHandler', keysOf(CommandHandler(ProbeMessage))],
  ['@QueryHandler', keysOf(QueryHandler(ProbeMessage))],
  ['@EventsHandler', keysOf(EventsHandler(ProbeMessage))],
  ['@Controller', keysOf(Controller('probe'))],
];

interface Decorated {
  readonly type: Type<unknown>;
  readonly decorator: string;
  readonly file: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((path) => join(folder, path).split('\\').join('/'))
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts'))
    .filter((path) => !ENTRY_POINTS.some((entry) => entry.test(path)))
    .sort();
}

/** Every class under src/ that a Nest decorator marks as a handler or a controller. */
async function decoratedClasses(): Promise<Decorated[]> {
  const found = new Map<Type<unknown>, Decorated>();
  for (const file of sourceFiles('src')) {
    const exports = (await import(join(ROOT, file))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function' || found.has(value as Type<unknown>)) continue;
      const marked = DECORATORS.find(([, keys]) => keys.every((key) => Reflect.hasOwnMetadata(key, value)));
      if (marked) found.set(value as Type<unknown>, { type: value as Type<unknown>, decorator: marked[0], file });
    }
  }
  return [...found.values()];
}

/** Every class a module of the list (or a module it imports) names in its providers or controllers. */
function registeredClasses(modules: readonly ModuleEntry[]): Set<unknown> {
  const registered = new Set<unknown>();
  const seen = new Set<unknown>();
  const visit = (entry: ModuleEntry | undefined): void => {
    if (entry === undefined || seen.has(entry)) return;
    seen.add(entry);
    if (entry instanceof Promise) throw new Error('an asynchronous module: resolve it before the check');
    if ('forwardRef' in entry) return visit(entry.forwardRef() as ModuleEntry);
    const dynamic: Partial<DynamicModule> = typeof entry === 'function' ? {} : entry;
    const moduleClass = typeof entry === 'function' ? entry : entry.module;
    const listed = (key: 'imports' | 'providers' | 'controllers'): unknown[] => [...((Reflect.getMetadata(key, moduleClass) as unknown[] | undefined) ?? []), ...(dynamic[key] ?? [])];
    for (const controller of listed('controllers')) registered.add(controller);
    for (const provider of listed('providers')) {
      registered.add(provider);
      if (typeof provider === 'object' && provider !== null) {
        if ('provide' in provider) registered.add(provider.provide);
        if ('useClass' in provider) registered.add(provider.useClass);
      }
    }
    for (const imported of listed('imports')) visit(imported as ModuleEntry);
  };
  modules.forEach(visit);
  return registered;
}

/** Throws, naming each one, when a decorated class is registered in none of the modules. */
function requireRegistered(decorated: readonly Decorated[], modules: readonly ModuleEntry[]): void {
  const registered = registeredClasses(modules);
  const missing = decorated.filter((found) => !registered.has(found.type));
  if (missing.length > 0) {
    const lines = missing.map((found) => `  ${found.type.name} (${found.decorator}, ${found.file})`);
    throw new Error(`not in any module's providers or controllers, so Nest never runs it:\n${lines.join('\n')}`);
  }
}

/** The modules the service starts with (forRoot only declares them: nothing is opened). */
function appModules(): ModuleEntry[] {
  const config = loadConfig({ DATA_DIR: join(tmpdir(), 'privacy-ledger-registration-check') });
  return (AppModule.forRoot(config).imports ?? []) as ModuleEntry[];
}

describe('registration of handlers and routes', () => {
  let decorated: Decorated[];
  beforeAll(async () => {
    decorated = await decoratedClasses();
  }, 180_000);

  it('finds the handlers and routes of every slice', () => {
    const folders = new Set(decorated.map((found) => found.file.split('/')[1]));
    expect([...folders]).toEqual(expect.arrayContaining(['breaches', 'dpias', 'processing-register', 'audits', 'inquiries', 'alerts', 'imports', 'ledger', 'read-store']));
    expect(decorated.map((found) => found.type)).toContain(AbandonDpiaHandler);
  });

  it('registers every @CommandHandler, @QueryHandler, @EventsHandler and @Controller under src/ in a module of the app', () => {
    expect(() => requireRegistered(decorated, appModules())).not.toThrow();
  });

  it('names a handler that is left out of its module', () => {
    const providers = (Reflect.getMetadata('providers', DpiasModule) as unknown[]).filter((provider) => provider !== AbandonDpiaHandler);
    class DpiasWithoutAbandon {}
    Module({ controllers: Reflect.getMetadata('controllers', DpiasModule) as Type<unknown>[], providers: providers as Type<unknown>[] })(DpiasWithoutAbandon);
    const modules = appModules().map((entry) => (entry === DpiasModule ? DpiasWithoutAbandon : entry));
    expect(() => requireRegistered(decorated, modules)).toThrow(
      "not in any module's providers or controllers, so Nest never runs it:\n  AbandonDpiaHandler (@CommandHandler, src/dpias/abandon-dpia/abandon-dpia.ts)",
    );
  });
});
