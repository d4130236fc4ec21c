import type { WebRoute } from '../page-context.js';
import { AUDIT_ROUTES } from './audit.js';
import { BOARD_ROUTES } from './board.js';
import { INQUIRY_ROUTES } from './inquiries.js';
import { INTAKE_ROUTES } from './intake.js';

/** Every page and form action of the web app. */
export const WEB_ROUTES: readonly WebRoute[] = [...BOARD_ROUTES, ...INTAKE_ROUTES, ...INQUIRY_ROUTES, ...AUDIT_ROUTES];
