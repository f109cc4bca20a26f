import { CORRECTIVE_ACTION_FORM, correctiveActionInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { cardInputIds, readCardForm } from '../../cards/form-inputs';
import type { CardActionArgs, CardActionHandler } from '../types';
import { input, refreshedEscalation, rejectedEscalation, requiredId } from './card-data';
import { formValues } from './form-data';

const INPUT_IDS = cardInputIds(CORRECTIVE_ACTION_FORM);

/** What was typed, by the service's field name, to draw a rejected form again. */
function typed(args: CardActionArgs): Record<string, string | undefined> {
  return Object.fromEntries(
    CORRECTIVE_ACTION_FORM.fields.map((f, index) => [f.name, input(args.data, INPUT_IDS[index] ?? '')]),
  );
}

/**
 * A corrective action on an escalation (the shared form). The owner comes from Teams' people picker as a Teams
 * user id; left empty, the person adding the action owns it.
 */
export const addCorrectiveAction: CardActionHandler = {
  id: CARD_ACTIONS.addCorrectiveAction,
  async run(args) {
    const values = readCardForm(CORRECTIVE_ACTION_FORM, formValues(args.data, INPUT_IDS), [], { picked: ['owner'] });
    const view = await args.deps.services.escalations.addCorrectiveAction(
      args.actor,
      requiredId(args.data, 'escalationId'),
      correctiveActionInput(values, args.actor.person),
    );
    return refreshedEscalation(args, view);
  },
  async onValidationError(args, error) {
    return rejectedEscalation(args, {
      form: 'corrective-action',
      message: error.userMessage,
      fieldErrors: error.fieldErrors,
      values: typed(args),
    });
  },
};
