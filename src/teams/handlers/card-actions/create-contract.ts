import { isStewardError } from '../../../domain/errors';
import type { LessonView } from '../../../services/service-api';
import { CARD_ACTIONS, formInputId } from '../../cards/action-ids';
import { lessonsBlock } from '../../cards/closeout-cards';
import { CONTRACT_FIELDS, type ContractField, contractCreateCard, formDoneCard } from '../../cards/contract-forms';
import { peopleInput } from '../../people-text';
import type { CardActionArgs, CardActionHandler } from '../types';
import { compact, formProblem, formValues, type Placement, splitPath } from './form-data';

const INPUT_IDS = CONTRACT_FIELDS.map((field) => formInputId('contract', field));

/** createContract's input, as typed: the service reads and judges every value. */
export function contractInput(values: Record<string, string>): Record<string, unknown> {
  const typed = (field: ContractField) => values[formInputId('contract', field)];
  const contacts = peopleInput(typed('vendorContacts'), []);
  return compact({
    reference: typed('reference'),
    title: typed('title'),
    vendorName: typed('vendorName'),
    value: typed('value'),
    currency: typed('currency'),
    startDate: typed('startDate'),
    endDate: typed('endDate'),
    timezone: typed('timezone'),
    category: typed('category'),
    vendorContacts: contacts.length > 0 ? contacts : undefined,
  });
}

/** The contract's own field names differ in places from the form's (`vendor.name`, `value.amount`). */
const ALIASES: Record<string, ContractField> = {
  vendor: 'vendorName',
  'vendor.name': 'vendorName',
  amount: 'value',
  'value.amount': 'value',
  'value.currency': 'currency',
};

export function placeContractError(path: string): Placement {
  const alias = ALIASES[path];
  if (alias) return { inputId: formInputId('contract', alias) };
  const { head, index } = splitPath(path);
  if (!(CONTRACT_FIELDS as readonly string[]).includes(head)) return undefined;
  return {
    inputId: formInputId('contract', head),
    ...(head === 'vendorContacts' && index !== undefined ? { person: index } : {}),
  };
}

function today(args: CardActionArgs): string {
  return args.deps.clock().toISOString().slice(0, 10);
}

/**
 * Lessons from earlier contracts with the same vendor or category, to read while setting this one up. The
 * contract is already created, so not finding them leaves the lessons out and nothing else.
 */
async function lessonsFor(args: CardActionArgs, reference: string): Promise<LessonView[]> {
  try {
    return await args.deps.services.closeout.lessonsFor(args.actor, reference);
  } catch (error) {
    if (!isStewardError(error)) args.deps.logger.warn({ err: error, contractRef: reference }, 'could not read lessons');
    return [];
  }
}

/** "Create contract" on the form `steward new` posted: the same call as Slack's modal, then the lessons learned. */
export const createContract: CardActionHandler = {
  id: CARD_ACTIONS.contractCreate,
  async run(args) {
    const contract = await args.deps.services.contracts.create(
      args.actor,
      contractInput(formValues(args.data, INPUT_IDS)),
    );
    const ref = contract.reference;
    return {
      card: formDoneCard(
        `Created ${ref} · ${contract.title} (${contract.status}).`,
        `Next: "steward kpi ${ref}" to add KPIs, "steward roles ${ref}", "steward path ${ref}", and "steward link ${ref} internal" in the team's channel.`,
        lessonsBlock(await lessonsFor(args, ref)),
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeContractError);
    return {
      card: contractCreateCard(
        { startDate: today(args), ...(args.deps.defaultTimezone ? { timezone: args.deps.defaultTimezone } : {}) },
        problem,
      ),
    };
  },
};
