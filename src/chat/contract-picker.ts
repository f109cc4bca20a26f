import type { CommandName } from './commands';
import { MAX_LIST_WORDS } from './commands';
import { isChoosable } from './contract-choices';

/**
 * The contract picker, once for both surfaces: a field a person types part of a reference, title or vendor into
 * and chooses one contract from what matches, searched over every contract they may see (a vendor: their own),
 * worst first. It sits under the contract choices when more contracts match than fit as buttons. Slack renders it
 * as an `external_select` whose options Bolt's options handler answers (block_suggestion); Teams as an
 * `Input.ChoiceSet` with dynamic type-ahead (`Data.Query`), answered through the `application/search` invoke.
 */
export const CONTRACT_PICKER = {
  label: 'Contract',
  placeholder: 'Type a reference, title or vendor',
  hint: 'Any contract you can see, worst first; choose one to open it.',
  /** Teams' button under the picker (on Slack, choosing runs the command at once). */
  submit: 'Open',
  /** Teams' message when "Open" is pressed with nothing chosen. */
  missing: 'Choose a contract first: type part of its reference, title or vendor.',
  /** The dataset the Teams card names in `Data.Query`, checked when a search arrives. */
  dataset: 'steward.contracts',
} as const;

/** Slack shows at most 100 options in a select (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element). */
export const SLACK_PICKER_OPTIONS = 100;
/** Teams shows at most 15 type-ahead results at a time, and asks again with `skip` as the person scrolls. */
export const TEAMS_PICKER_RESULTS = 15;
/** Slack's limit on an option's text. */
const OPTION_TEXT_LIMIT = 75;
/** More typed than this is not a search anyone means; the rest is dropped before anything is asked. */
const MAX_QUERY_CHARACTERS = 200;

/**
 * What was typed into the picker as search words, each matched as plain text by the store: split on spaces,
 * empty words and quotes dropped, at most MAX_LIST_WORDS of them. Nothing typed: every contract, worst first.
 */
export function pickerWords(typed: unknown): string[] {
  if (typeof typed !== 'string') return [];
  return typed
    .slice(0, MAX_QUERY_CHARACTERS)
    .replace(/["“”]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, MAX_LIST_WORDS);
}

/** One contract as the picker lists it: "PORT-2026-046 · Catering, HQ (Acme)", cut to fit Slack's 75 characters. */
export function pickerOptionText(contract: { reference: string; title: string; vendorName: string }): string {
  const text = `${contract.reference} · ${contract.title} (${contract.vendorName})`;
  return text.length > OPTION_TEXT_LIMIT ? `${text.slice(0, OPTION_TEXT_LIMIT - 1)}…` : text;
}

/** The command a picker runs for the contract chosen, carried with the picker; undefined when not one it may run. */
export function pickerCommand(value: unknown): CommandName | undefined {
  return typeof value === 'string' && isChoosable(value as CommandName) ? (value as CommandName) : undefined;
}
