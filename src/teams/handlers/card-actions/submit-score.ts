import { CARD_ACTIONS } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { checkinInputs, checkinTarget, refreshedPrompt, rejectedPrompt } from './card-data';

/** The score typed on a check-in card: the service validates it against the KPI, stores it, evaluates it. */
export const submitScore: CardActionHandler = {
  id: CARD_ACTIONS.submitScore,
  async run(args) {
    const target = checkinTarget(args.data);
    const result = await args.deps.services.checkins.submitScore(
      args.actor,
      target.checkinId,
      checkinInputs(args.data, target.slot),
    );
    return refreshedPrompt(args, result.item);
  },
  async onValidationError(args, error) {
    const target = checkinTarget(args.data);
    return rejectedPrompt(args, target, {
      checkinId: target.checkinId,
      message: error.userMessage,
      fieldErrors: error.fieldErrors,
      values: checkinInputs(args.data, target.slot),
    });
  },
};
