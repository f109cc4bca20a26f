import type { Person } from '../domain/types';
import { checkedValue, type ViewValues } from './view-state';

/**
 * From modal values to the `input: unknown` the services validate. Values stay the strings people typed
 * (the services' zod schemas coerce and judge them); nothing here decides what is valid. The field names are
 * the block ids, and the alias functions map the services' nested error paths back onto those blocks.
 */

function _compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

function _slackPerson(userId: string): Person {
  return { slackUserId: userId };
}

// ---------------------------------------------------------------------------------------------
// Obligations, risks, corrective actions, service credits, value and imports

export const IMPORT_FIELDS = { csv: 'csv', dryRun: 'dryRun' } as const;

/** imports.importContracts: the pasted CSV as typed (not trimmed: line numbers must match) and the dry-run box. */
export function importInput(values: ViewValues): { csv: string; dryRun: boolean } {
  return { csv: values.get(IMPORT_FIELDS.csv)?.value ?? '', dryRun: checkedValue(values, IMPORT_FIELDS.dryRun) };
}
