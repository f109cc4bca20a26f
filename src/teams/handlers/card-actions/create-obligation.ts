import { formInput, OBLIGATION_FORM } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { personName } from '../../cards/adaptive-card';
import { formDoneCard } from '../../cards/contract-forms';
import { cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import { obligationFormCard } from '../../cards/obligation-cards';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues } from './form-data';
import { knownPeople } from './known-people';

const INPUT_IDS = cardInputIds(OBLIGATION_FORM);

/** "Add obligation" on the form `steward obligation REF` posted (a manager's). */
export const createObligation: CardActionHandler = {
  id: CARD_ACTIONS.obligationCreate,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const known = await knownPeople(args, reference);
    const obligation = await args.deps.services.obligations.create(
      args.actor,
      reference,
      formInput(OBLIGATION_FORM, readCardForm(OBLIGATION_FORM, formValues(args.data, INPUT_IDS), known)),
    );
    const recurs = obligation.recurrence === 'none' ? '' : `, then ${obligation.recurrence}`;
    return {
      card: formDoneCard(
        `Added “${obligation.title}” (${obligation.kind}) to ${obligation.contractRef}: owed by ${personName(obligation.owner)}, due ${obligation.dueDate}${recurs}.`,
        `"steward obligations ${obligation.contractRef}" lists them, with evidence and outcomes.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(OBLIGATION_FORM));
    return { card: obligationFormCard(requiredId(args.data, 'reference'), problem) };
  },
};
