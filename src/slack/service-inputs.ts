import type { Person } from '../domain/types';
import { checkedValue, textValue, type ViewValues } from './view-state';

/**
 * From modal values to the `input: unknown` the services validate. Values stay the strings people typed
 * (the services' zod schemas coerce and judge them); nothing here decides what is valid. The field names are
 * the block ids, and the alias functions map the services' nested error paths back onto those blocks.
 */

function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

function _slackPerson(userId: string): Person {
  return { slackUserId: userId };
}

// ---------------------------------------------------------------------------------------------
// Obligations, risks, corrective actions, service credits, value and imports

export const EVIDENCE_FIELDS = { url: 'url', note: 'note' } as const;

/** obligations.addEvidence: `{ url?, note? }`. */
export function evidenceInput(values: ViewValues): Record<string, unknown> {
  return compact({ url: textValue(values, EVIDENCE_FIELDS.url), note: textValue(values, EVIDENCE_FIELDS.note) });
}

export const WAIVE_FIELDS = { waivedReason: 'waivedReason' } as const;

/** obligations.setOutcome for a waiver: the reason is the service's to require. */
export function waiveInput(values: ViewValues): Record<string, unknown> {
  return compact({ outcome: 'waived', waivedReason: textValue(values, WAIVE_FIELDS.waivedReason) });
}

export const CANCEL_FIELDS = { note: 'note' } as const;

/** correctiveActions.update to cancelled, with the note the service requires. */
export function cancelActionInput(values: ViewValues): Record<string, unknown> {
  return compact({ status: 'cancelled', note: textValue(values, CANCEL_FIELDS.note) });
}

export const IMPORT_FIELDS = { csv: 'csv', dryRun: 'dryRun' } as const;

/** imports.importContracts: the pasted CSV as typed (not trimmed: line numbers must match) and the dry-run box. */
export function importInput(values: ViewValues): { csv: string; dryRun: boolean } {
  return { csv: values.get(IMPORT_FIELDS.csv)?.value ?? '', dryRun: checkedValue(values, IMPORT_FIELDS.dryRun) };
}
