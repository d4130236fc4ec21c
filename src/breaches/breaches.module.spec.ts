import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { BreachCommands } from './breach-commands.js';
import { BreachesModule } from './breaches.module.js';
import { GetBreachDossierRoute } from './get-breach-dossier/get-breach-dossier.http.js';
import { BreachDossiers } from './get-breach-dossier/get-breach-dossier.js';
import { GetBreachEventsRoute } from './get-breach-events/get-breach-events.http.js';
import { GetBreachEvents, GetBreachEventsHandler } from './get-breach-events/get-breach-events.js';
import { RegisterBreachRequest, RegisterBreachRoute } from './register-breach/register-breach.http.js';
import { RegisterBreachCommand, RegisterBreachHandler } from './register-breach/register-breach.js';

const registered = (kind: 'controllers' | 'providers') => Reflect.getMetadata(kind, BreachesModule) as unknown[];

describe('BreachesModule', () => {
  it("registers the route of every use-case folder's <folder>.http.ts", () => {
    const folders = readdirSync(new URL('.', import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const httpFiles = folders.filter((folder) => readdirSync(new URL(`${folder.name}/`, import.meta.url)).includes(`${folder.name}.http.ts`));
    expect(registered('controllers')).toEqual(expect.arrayContaining([RegisterBreachRoute, GetBreachEventsRoute, GetBreachDossierRoute]));
    expect(registered('controllers').length).toBeGreaterThanOrEqual(httpFiles.length);
  });

  it('registers the command and query handlers and the services of the use cases, and what they share', () => {
    expect(registered('providers')).toEqual(expect.arrayContaining([BreachCommands, RegisterBreachHandler, GetBreachEventsHandler, BreachDossiers]));
  });

  it('registers neither commands, queries nor request bodies', () => {
    for (const kind of ['controllers', 'providers'] as const) {
      for (const plain of [RegisterBreachCommand, GetBreachEvents, RegisterBreachRequest]) expect(registered(kind)).not.toContain(plain);
    }
  });
});
