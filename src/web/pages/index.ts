import type { WebRoute } from '../page-context.js';
import { ANNUAL_REPORT_ROUTES } from './annual-report.js';
import { AUDIT_ROUTES } from './audit.js';
import { BOARD_ROUTES } from './board.js';
import { DOSSIER_ROUTES } from './dossier.js';
import { FG_ROUTES } from './fg.js';
import { GOVERNANCE_ROUTES } from './governance.js';
import { INQUIRY_ROUTES } from './inquiries.js';
import { INTAKE_ROUTES } from './intake.js';

/** Every page and form action of the web app. */
export const WEB_ROUTES: readonly WebRoute[] = [...BOARD_ROUTES, ...INTAKE_ROUTES, ...DOSSIER_ROUTES, ...FG_ROUTES, ...ANNUAL_REPORT_ROUTES, ...GOVERNANCE_ROUTES, ...INQUIRY_ROUTES, ...AUDIT_ROUTES];
