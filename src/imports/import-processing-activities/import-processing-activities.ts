import { AMENDABLE_FIELDS, PROCESSING_EVENT_SCHEMA_VERSIONS, type ProcessingEvent } from '../../processing-register/processing.events.js';
import { normaliseFacts, requireNotInFuture, requireValidFacts, type DecisionContext } from '../../processing-register/processing.rules.js';
import type { JsonObject } from '../../shared/json.js';
import { duplicateRows, type CsvTable } from '../csv-table.js';
import { decideOrRefuse, planImport, planned, type ImportPlan, type ImportPlanning, type RefusalColumns } from '../import-plan.js';
import { RowReader } from '../row-reader.js';
import { readProcessingRow } from './processing-row.js';

/**
 * An existing register of processing activities, one per row, becomes a
 * ProcessingActivityRegistered each, judged by the registration's own rules
 * (`requireValidFacts`: purposes, lists, transfers, retention, dienst, owner), except that
 * an imported record may lack its owner or a purpose's lawful basis ('may-be-incomplete',
 * schema version 2): the completeness report lists those gaps, and an amendment fills them.
 */
export function decideImportProcessingActivities(table: CsvTable, context: DecisionContext): ImportPlan {
  return planned(planProcessingImport(table, context));
}

/** The same, in slices (import-plan.ts `planInSlices`). */
export function planProcessingImport(table: CsvTable, context: DecisionContext): ImportPlanning {
  // A register names each processing activity once per dienst.
  const duplicates = duplicateRows(table.rows, (row) => JSON.stringify([row.cells.name?.toLowerCase(), row.cells.dienst?.toLowerCase()]), 'the same name and dienst');
  return planImport('processing-activities', table, duplicates, (row, processingActivityId) => {
    const read = new RowReader(row);
    const given = readProcessingRow(read);
    if (given === null) return { refused: read.refusals };
    return decideOrRefuse(row.row, COLUMNS, () => {
      const { registeredAt = null, ...rest } = given;
      const facts = normaliseFacts(rest);
      requireValidFacts(facts, new Set(AMENDABLE_FIELDS), context, 'may-be-incomplete');
      // Without a registration time in the old register, it is registered here now.
      const at = registeredAt ?? context.now;
      requireNotInFuture('registeredAt', at, context);
      const event: ProcessingEvent = { type: 'ProcessingActivityRegistered', data: { processingActivityId, ...facts, registeredAt: at } };
      return [{ type: event.type, schemaVersion: PROCESSING_EVENT_SCHEMA_VERSIONS[event.type], data: event.data as unknown as JsonObject }];
    });
  });
}

const COLUMNS: RefusalColumns = {
  fields: {
    name: 'name',
    purposes: 'purposes',
    dataSubjectCategories: 'data_subject_categories',
    personalDataCategories: 'personal_data_categories',
    recipients: 'recipients',
    thirdCountryTransfers: 'third_country_transfers',
    retention: 'retention',
    securityMeasures: 'security_measures',
    owner: 'owner_name',
    'owner.name': 'owner_name',
    'owner.reason': 'owner_reason',
    registeredAt: 'registered_at',
  },
  codes: { 'unknown-dienst': 'dienst' },
};
