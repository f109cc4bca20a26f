import { CARD_ACTIONS, escalationInputId } from '../../cards/action-ids';
import type { CardActionArgs, CardActionHandler } from '../types';
import { input, refreshedEscalation, rejectedEscalation, requiredId } from './card-data';

function typed(args: CardActionArgs) {
  return {
    action: input(args.data, escalationInputId('action')),
    owner: input(args.data, escalationInputId('owner')),
    dueDate: input(args.data, escalationInputId('dueDate')),
  };
}

/**
 * A corrective action on an escalation. The owner comes from Teams' people picker as an Entra object id;
 * left empty, the person adding the action owns it.
 */
export const addCorrectiveAction: CardActionHandler = {
  id: CARD_ACTIONS.addCorrectiveAction,
  async run(args) {
    const { action, owner, dueDate } = typed(args);
    const view = await args.deps.services.escalations.addCorrectiveAction(
      args.actor,
      requiredId(args.data, 'escalationId'),
      {
        action,
        owner: owner ? { teamsUserId: owner } : args.actor.person,
        dueDate,
      },
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
