import { CARD_ACTIONS, escalationInputId } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { input, refreshedEscalation, rejectedEscalation, requiredId } from './card-data';

export const resolveEscalation: CardActionHandler = {
  id: CARD_ACTIONS.resolve,
  async run(args) {
    const note = input(args.data, escalationInputId('note'));
    const view = await args.deps.services.escalations.resolve(
      args.actor,
      requiredId(args.data, 'escalationId'),
      note === undefined ? {} : { note },
    );
    return refreshedEscalation(args, view);
  },
  async onValidationError(args, error) {
    return rejectedEscalation(args, {
      form: 'resolve',
      message: error.userMessage,
      fieldErrors: error.fieldErrors,
      values: { note: input(args.data, escalationInputId('note')) },
    });
  },
};
