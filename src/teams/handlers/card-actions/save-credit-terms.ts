import { StewardError } from '../../../domain/errors';
import { CARD_ACTIONS, formInputId } from '../../cards/action-ids';
import { CREDIT_FIELDS, creditTermsCard, creditTermsFormCard } from '../../cards/service-credit-cards';
import type { CardActionArgs, CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { compact, formProblem, formValues, type Placement, splitPath } from './form-data';

const id = (field: (typeof CREDIT_FIELDS)[number]) => formInputId('credits', field);
const NUMBER_IDS = [id('periodFee'), id('contractCapPercent')];

export interface TypedRules {
  rules: Array<Record<string, string>>;
  /** The line of the rules input each rule came from, 1-based, to place the service's `rules.N…` messages. */
  lines: number[];
  problems: string[];
}

/**
 * The rules input, one rule per line: `KPI-KEY PER-POINT CAP [FLAT]`, e.g. `availability 2 10` or
 * `availability 2 10 1`. Blank lines are skipped, and line numbers count them, so a message says the line
 * the person sees. The numbers stay as typed: the service reads and judges them.
 */
export function typedRules(text: string): TypedRules {
  const result: TypedRules = { rules: [], lines: [], problems: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const words = raw
      .trim()
      .split(/[\s;]+/)
      .filter(Boolean);
    if (words.length === 0) return;
    const [kpiKey, percentOfFeePerPoint, capPercent, flatPercentOnBreach] = words;
    if (words.length < 3 || words.length > 4 || !kpiKey || !percentOfFeePerPoint || !capPercent) {
      result.problems.push(
        `Line ${index + 1}: write the KPI key, the % of the fee per point beyond breach and the cap %, and optionally a flat % on breach, like "availability 2 10".`,
      );
      return;
    }
    result.rules.push(
      compact({ kpiKey, percentOfFeePerPoint, capPercent, flatPercentOnBreach }) as Record<string, string>,
    );
    result.lines.push(index + 1);
  });
  return result;
}

/** The rules exactly as typed: trimming would move the line numbers the messages name. */
function rulesText(data: Record<string, unknown>): string {
  const value = data[id('rules')];
  return typeof value === 'string' ? value : '';
}

function values(args: CardActionArgs): Record<string, string> {
  const text = rulesText(args.data);
  return { ...formValues(args.data, NUMBER_IDS), ...(text.trim() ? { [id('rules')]: text } : {}) };
}

/** `rules.1.capPercent` → under the rules, as "Line 3: …"; the fee and the cap under theirs. */
export function placeCreditsError(path: string): Placement {
  const { head } = splitPath(path);
  return (CREDIT_FIELDS as readonly string[]).includes(head)
    ? { inputId: id(head as (typeof CREDIT_FIELDS)[number]) }
    : undefined;
}

/** "Save terms" on the form `steward credits REF terms` posted (a manager's; internal places only). */
export const saveCreditTerms: CardActionHandler = {
  id: CARD_ACTIONS.serviceCreditTermsSave,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const typed = values(args);
    const { rules, problems } = typedRules(rulesText(args.data));
    if (problems.length > 0) {
      // Nothing to ask the service yet: a line that cannot be read as a rule.
      throw new StewardError('validation', problems.join(' '), { fieldErrors: { rules: problems.join(' ') } });
    }
    const terms = await args.deps.services.serviceCredits.setTerms(
      args.actor,
      reference,
      compact({ periodFee: typed[id('periodFee')], rules, contractCapPercent: typed[id('contractCapPercent')] }),
    );
    return { card: creditTermsCard(terms, { saved: true }) };
  },
  async onValidationError(args, error) {
    const reference = requiredId(args.data, 'reference');
    const { lines } = typedRules(rulesText(args.data));
    const fieldErrors: Record<string, string> = {};
    for (const [path, message] of Object.entries(error.fieldErrors)) {
      const { head, index } = splitPath(path);
      fieldErrors[path] =
        head === 'rules' && index !== undefined ? `Line ${lines[index] ?? index + 1}: ${message}` : message;
    }
    const problem = formProblem(
      new StewardError('validation', error.userMessage, { fieldErrors }),
      values(args),
      placeCreditsError,
    );
    // Drawn with what was typed; the stored terms are not shown again over it.
    return {
      card: creditTermsFormCard(
        { contractRef: reference, periodFee: null, rules: [], contractCapPercent: null },
        problem,
      ),
    };
  },
};
