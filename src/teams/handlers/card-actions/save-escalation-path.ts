import { ESCALATION_PATH_FORM, escalationPathErrorField, escalationPathInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { escalationPathCard, formDoneCard } from '../../cards/contract-forms';
import { cardInputId, cardInputIds, readCardForm } from '../../cards/form-inputs';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues, type Placement } from './form-data';
import { knownPeople } from './known-people';

const INPUT_IDS = cardInputIds(ESCALATION_PATH_FORM);

/** A service message about the path, under the input of the level it came from (src/chat/forms.ts). */
export function placePathError(formLevels: readonly number[]) {
  return (path: string): Placement => {
    const found = escalationPathErrorField(path, formLevels);
    if (!found) return undefined;
    return {
      inputId: cardInputId(ESCALATION_PATH_FORM, found.field),
      ...(found.index === undefined ? {} : { person: found.index }),
    };
  };
}

/** "Save escalation path" on the form `steward path REF` posted. */
export const saveEscalationPath: CardActionHandler = {
  id: CARD_ACTIONS.escalationPathSave,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const typed = readCardForm(
      ESCALATION_PATH_FORM,
      formValues(args.data, INPUT_IDS),
      await knownPeople(args, reference),
    );
    const contract = await args.deps.services.contracts.setEscalationPath(
      args.actor,
      reference,
      escalationPathInput(typed).input,
    );
    const levels = contract.escalationPath.length;
    return {
      card: formDoneCard(
        `Saved the escalation path of ${contract.reference} (${levels} level${levels === 1 ? '' : 's'}).`,
        `"steward escalations ${contract.reference}" shows what is escalated now.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const values = formValues(args.data, INPUT_IDS);
    const { formLevels } = escalationPathInput(readCardForm(ESCALATION_PATH_FORM, values));
    const problem = formProblem(error, values, placePathError(formLevels));
    return { card: escalationPathCard(requiredId(args.data, 'reference'), [], problem) };
  },
};
