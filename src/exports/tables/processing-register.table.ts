import type { ProcessingRegisterDocument } from '../../../projections/processing-register.js';
import { labelOf } from '../../labels/labels.js';
import { col, sheet, type TableModel } from '../table-model.js';
import type { ExportContext } from '../view-export.js';
import { aboutLines, asOfSuffix } from './about.js';

const list = (items: readonly string[]): string => items.join('; ');

/** GET /processing-activities as a table (Art. 30(1)): one row per activity, lists joined with `; `, by name. */
export function processingRegisterTables(view: { readonly rows: AsyncIterable<ProcessingRegisterDocument> }, context: ExportContext): TableModel {
  return {
    title: { nl: 'Register van verwerkingsactiviteiten', en: 'Register of processing activities' },
    fileName: { nl: `verwerkingsregister${asOfSuffix(context)}`, en: `processing-register${asOfSuffix(context)}` },
    about: aboutLines(context),
    sheets: [
      sheet<ProcessingRegisterDocument>(
        'processing-activities',
        { nl: 'Verwerkingen', en: 'Processing activities' },
        [
          col.text('Kenmerk', 'Id', (row) => row.processingActivityId),
          col.text('Naam', 'Name', (row) => row.name),
          col.dienst((row) => row.dienst),
          col.code('Status', 'Status', 'processingStatus', (row) => row.status),
          col.text('Doeleinden', 'Purposes', (row) => list(row.purposes.map((purpose) => purpose.purpose))),
          col.text('Grondslagen', 'Lawful bases', (row) => ({
            nl: list(row.purposes.map((purpose) => (purpose.legalBasis === null ? '-' : labelOf('legalBasis', purpose.legalBasis, 'nl')))),
            en: list(row.purposes.map((purpose) => (purpose.legalBasis === null ? '-' : labelOf('legalBasis', purpose.legalBasis, 'en')))),
          })),
          col.text('Categorieën betrokkenen', 'Data subject categories', (row) => list(row.dataSubjectCategories)),
          col.text('Categorieën persoonsgegevens', 'Personal data categories', (row) => list(row.personalDataCategories)),
          col.text('Ontvangers', 'Recipients', (row) => list(row.recipients)),
          col.text('Doorgifte buiten de EER', 'Third-country transfers', (row) => list(row.thirdCountryTransfers.map((transfer) => `${transfer.country} (${transfer.safeguard})`))),
          col.text('Beveiligingsmaatregelen', 'Security measures', (row) => list(row.securityMeasures)),
          col.text('Bewaartermijn', 'Retention', (row) => row.retention),
          col.code('Soort eigenaar', 'Owner kind', 'ownerKind', (row) => row.owner?.kind ?? null),
          col.text('Eigenaar', 'Owner', (row) => row.owner?.name ?? null),
          col.boolean('DPIA nodig', 'DPIA needed', (row) => row.dpiaNeeded),
          col.boolean('Gepubliceerd', 'Published', (row) => row.published),
          col.boolean('Eigenaar ontbreekt', 'Owner missing', (row) => row.missingOwner),
          col.boolean('Grondslag ontbreekt', 'Lawful basis missing', (row) => row.missingLegalBasis),
          col.datetime('Geregistreerd (UTC)', 'Registered (UTC)', (row) => row.registeredAt),
          col.datetime('Laatst gewijzigd (UTC)', 'Last amended (UTC)', (row) => row.lastAmendedAt),
          col.datetime('Beëindigd (UTC)', 'Retired (UTC)', (row) => row.retiredAt),
          col.boolean('Geïmporteerd', 'Imported', (row) => row.imported),
        ],
        view.rows,
      ),
    ],
  };
}
