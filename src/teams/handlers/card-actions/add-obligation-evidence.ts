import { evidenceInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { obligationTarget, obligationTyped, redrawObligations, rejectedObligation } from './obligation-list';

/** "Add evidence" under an obligation: by a manager, the obligation's owner, or the vendor. */
export const addObligationEvidence: CardActionHandler = {
  id: CARD_ACTIONS.obligationAddEvidence,
  async run(args) {
    const target = obligationTarget(args.data);
    const typed = obligationTyped(args.data, target.slot);
    const view = await args.deps.services.obligations.addEvidence(
      args.actor,
      target.obligationId,
      evidenceInput(typed),
    );
    return redrawObligations(args, target.reference, { notice: `✅ Added evidence to “${view.title}”.` });
  },
  onValidationError: rejectedObligation,
};
