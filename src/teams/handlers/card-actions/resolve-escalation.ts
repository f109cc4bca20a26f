import { formInput, RESOLVE_FORM } from '../../../chat/forms';
import { CARD_ACTIONS, escalationInputId } from '../../cards/action-ids';
import type { CardActionArgs, CardActionHandler } from '../types';
import { input, refreshedEscalation, rejectedEscalation, requiredId } from './card-data';

/** What was typed into the card's resolve form, by the service's field name (src/chat/forms.ts). */
function typed(args: CardActionArgs): { resolution?: string } {
  const resolution = input(args.data, escalationInputId('resolution'));
  return resolution === undefined ? {} : { resolution };
}

/** "Resolve escalation" on the card: the same input the service reads on Slack, `resolution`. */
export const resolveEscalation: CardActionHandler = {
  id: CARD_ACTIONS.resolve,
  async run(args) {
    const view = await args.deps.services.escalations.resolve(
      args.actor,
      requiredId(args.data, 'escalationId'),
      formInput(RESOLVE_FORM, typed(args)),
    );
    return refreshedEscalation(args, view);
  },
  async onValidationError(args, error) {
    return rejectedEscalation(args, {
      form: 'resolve',
      message: error.userMessage,
      fieldErrors: error.fieldErrors,
      values: typed(args),
    });
  },
};
