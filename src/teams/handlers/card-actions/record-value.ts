import { formInput, VALUE_FORM } from '../../../chat/forms';
import { periodLabel } from '../../../domain/format';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { money } from '../../cards/card-text';
import { formDoneCard } from '../../cards/contract-forms';
import { cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import { valueFormCard } from '../../cards/value-cards';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues } from './form-data';

const INPUT_IDS = cardInputIds(VALUE_FORM);

/** "Record value" on the form `steward value REF record` posted (a manager's; internal places only). */
export const recordValue: CardActionHandler = {
  id: CARD_ACTIONS.valueRecord,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const record = await args.deps.services.value.record(
      args.actor,
      reference,
      formInput(VALUE_FORM, readCardForm(VALUE_FORM, formValues(args.data, INPUT_IDS))),
    );
    return {
      card: formDoneCard(
        `Recorded ${record.kind} for ${periodLabel(record.periodKey)} on ${record.contractRef}: ${money(record.realized, record.currency)} realized of ${money(record.planned, record.currency)} planned.`,
        `"steward value ${record.contractRef}" shows the totals.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(VALUE_FORM));
    return { card: valueFormCard(requiredId(args.data, 'reference'), {}, problem) };
  },
};
