import { StewardError } from '../domain/errors';
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

export const SCORE_INPUT_FIELDS = ['value', 'comment', 'evidenceUrl'] as const;

/** submitScore / correctScore: `{ value, comment?, evidenceUrl? }` as typed. */
export function scoreInput(values: ViewValues): Record<string, unknown> {
  return compact({
    value: textValue(values, 'value'),
    comment: textValue(values, 'comment'),
    evidenceUrl: textValue(values, 'evidenceUrl'),
    // Only the correction modal has it.
    reason: textValue(values, 'reason'),
  });
}

export function notApplicableInput(values: ViewValues): Record<string, unknown> {
  return compact({ reason: textValue(values, 'reason') });
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

export const SERVICE_CREDIT_FIELDS = {
  periodFee: 'periodFee',
  rules: 'rules',
  contractCapPercent: 'contractCapPercent',
} as const;

/** How the rules field is written: one rule a line. */
export const RULE_LINE_FORMAT = 'kpi-key percent-per-point cap [flat-on-breach]';

export interface ServiceCreditTermsForm {
  input: Record<string, unknown>;
  /** The line of the rules field each rule came from (1-based), for messages. */
  lineOf(ruleIndex: number): number;
}

/**
 * serviceCredits.setTerms from the modal. The rules field holds one rule a line, `kpi-key percent cap [flat]`
 * (e.g. `availability 2 10 1`): that line syntax is this modal's own, so a line in another shape is refused
 * here, naming the line; the numbers themselves are the service's to judge.
 */
export function serviceCreditTermsInput(values: ViewValues): ServiceCreditTermsForm {
  const f = SERVICE_CREDIT_FIELDS;
  const lines = (values.get(f.rules)?.value ?? '').split(/\r?\n/);
  const rules: Array<Record<string, unknown>> = [];
  const sourceLines: number[] = [];
  const problems: string[] = [];
  lines.forEach((line, index) => {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    if (words.length < 3 || words.length > 4) {
      problems.push(`Line ${index + 1}: write \`${RULE_LINE_FORMAT}\`, like \`availability 2 10 1\`.`);
      return;
    }
    const [kpiKey, percentOfFeePerPoint, capPercent, flatPercentOnBreach] = words;
    rules.push(compact({ kpiKey, percentOfFeePerPoint, capPercent, flatPercentOnBreach }));
    sourceLines.push(index + 1);
  });
  if (problems.length > 0) {
    throw new StewardError('validation', problems.join(' '), { fieldErrors: { [f.rules]: problems.join(' ') } });
  }
  return {
    input: compact({
      periodFee: textValue(values, f.periodFee),
      rules,
      contractCapPercent: textValue(values, f.contractCapPercent),
    }),
    lineOf: (ruleIndex) => sourceLines[ruleIndex] ?? ruleIndex + 1,
  };
}

/** The service's `rules.<index>.<field>` problems, said against the line of the rules field they are on. */
export function serviceCreditFieldErrors(error: unknown, lineOf: (ruleIndex: number) => number): unknown {
  if (!(error instanceof StewardError) || error.code !== 'validation') return error;
  const fieldErrors: Record<string, string> = {};
  const add = (field: string, message: string) => {
    fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]} ${message}` : message;
  };
  for (const [key, message] of Object.entries(error.fieldErrors)) {
    const rule = /^rules\.(\d+)(?:\.|$)/.exec(key);
    if (rule) add(SERVICE_CREDIT_FIELDS.rules, `Line ${lineOf(Number(rule[1]))}: ${message}`);
    else add(key, message);
  }
  return new StewardError('validation', error.userMessage, { fieldErrors, cause: error });
}

export const IMPORT_FIELDS = { csv: 'csv', dryRun: 'dryRun' } as const;

/** imports.importContracts: the pasted CSV as typed (not trimmed: line numbers must match) and the dry-run box. */
export function importInput(values: ViewValues): { csv: string; dryRun: boolean } {
  return { csv: values.get(IMPORT_FIELDS.csv)?.value ?? '', dryRun: checkedValue(values, IMPORT_FIELDS.dryRun) };
}
