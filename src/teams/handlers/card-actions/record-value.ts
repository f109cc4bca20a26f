import { periodLabel } from '../../../domain/format';
import { CARD_ACTIONS, formInputId } from '../../cards/action-ids';
import { money } from '../../cards/card-text';
import { formDoneCard } from '../../cards/contract-forms';
import { VALUE_FIELDS, type ValueField, valueFormCard } from '../../cards/value-cards';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { compact, formProblem, formValues, type Placement, splitPath } from './form-data';

const INPUT_IDS = VALUE_FIELDS.map((field) => formInputId('value', field));

export function placeValueError(path: string): Placement {
  const { head } = splitPath(path);
  return (VALUE_FIELDS as readonly string[]).includes(head) ? { inputId: formInputId('value', head) } : undefined;
}

/** "Record value" on the form `steward value REF record` posted (a manager's; internal places only). */
export const recordValue: CardActionHandler = {
  id: CARD_ACTIONS.valueRecord,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const values = formValues(args.data, INPUT_IDS);
    const typed = (field: ValueField) => values[formInputId('value', field)];
    const record = await args.deps.services.value.record(
      args.actor,
      reference,
      compact(Object.fromEntries(VALUE_FIELDS.map((field) => [field, typed(field)]))),
    );
    return {
      card: formDoneCard(
        `Recorded ${record.kind} for ${periodLabel(record.periodKey)} on ${record.contractRef}: ${money(record.realized, record.currency)} realized of ${money(record.planned, record.currency)} planned.`,
        `"steward value ${record.contractRef}" shows the totals.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeValueError);
    return { card: valueFormCard(requiredId(args.data, 'reference'), {}, problem) };
  },
};
