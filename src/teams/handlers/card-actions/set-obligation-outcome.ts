import { outcomeInput } from '../../../chat/forms';
import type { ObligationOutcome } from '../../../domain/types';
import { CARD_ACTIONS } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { obligationTarget, obligationTyped, redrawObligations, rejectedObligation } from './obligation-list';

const CLOSED_AS: Record<Exclude<ObligationOutcome, 'open'>, string> = {
  'fulfilled-on-time': 'fulfilled on time',
  'fulfilled-late': 'fulfilled late',
  'not-fulfilled': 'not fulfilled',
  waived: 'waived',
};

/**
 * The outcome buttons under an obligation (a manager's). "Fulfilled" becomes on time or late by the
 * calendar (the service decides); the link and note typed go with it as evidence; waiving needs the reason.
 * Closing an occurrence of a recurring obligation creates the next one.
 */
function setOutcome(id: string, outcome: 'fulfilled' | 'not-fulfilled' | 'waived'): CardActionHandler {
  return {
    id,
    async run(args) {
      const target = obligationTarget(args.data);
      const typed = obligationTyped(args.data, target.slot);
      const { obligation, next } = await args.deps.services.obligations.setOutcome(
        args.actor,
        target.obligationId,
        outcomeInput(outcome, typed),
      );
      const closedAs = obligation.outcome === 'open' ? obligation.outcome : CLOSED_AS[obligation.outcome];
      const following = next ? ` The next one is due ${next.dueDate}.` : '';
      return redrawObligations(args, target.reference, {
        notice: `✅ “${obligation.title}” is ${closedAs}.${following}`,
      });
    },
    onValidationError: rejectedObligation,
  };
}

export const markObligationFulfilled = setOutcome(CARD_ACTIONS.obligationFulfilled, 'fulfilled');
export const markObligationNotFulfilled = setOutcome(CARD_ACTIONS.obligationNotFulfilled, 'not-fulfilled');
export const waiveObligation = setOutcome(CARD_ACTIONS.obligationWaive, 'waived');
