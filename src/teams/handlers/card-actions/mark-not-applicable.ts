import { NOT_APPLICABLE_FORM } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { checkinInputs, checkinTarget, refreshedPrompt, rejectedPrompt } from './card-data';

/** "Not applicable" with the reason typed under the check-in; the service requires the reason. */
export const markNotApplicable: CardActionHandler = {
  id: CARD_ACTIONS.notApplicable,
  async run(args) {
    const target = checkinTarget(args.data);
    const item = await args.deps.services.checkins.markNotApplicable(
      args.actor,
      target.checkinId,
      checkinInputs(args.data, target.slot, NOT_APPLICABLE_FORM),
    );
    return refreshedPrompt(args, item);
  },
  async onValidationError(args, error) {
    const target = checkinTarget(args.data);
    const fieldErrors = Object.keys(error.fieldErrors).length > 0 ? error.fieldErrors : { reason: error.userMessage };
    return rejectedPrompt(args, target, {
      checkinId: target.checkinId,
      message: error.userMessage,
      fieldErrors,
      values: checkinInputs(args.data, target.slot, NOT_APPLICABLE_FORM),
    });
  },
};
