import type { WebRoute } from '../page-context.js';
import { BOARD_ROUTES } from './board.js';
import { DOSSIER_ROUTES } from './dossier.js';
import { INTAKE_ROUTES } from './intake.js';

/** Every page and form action of the web app. */
export const WEB_ROUTES: readonly WebRoute[] = [...BOARD_ROUTES, ...INTAKE_ROUTES, ...DOSSIER_ROUTES];
