import { outcomeConfirmation } from '../../blocks/obligations';
import type { SlackDeps } from '../../deps';
import { type ButtonArgs, buttonValue } from './button-args';

/**
 * "Fulfilled" and "Not fulfilled" (the button asked for confirmation already). For "fulfilled" the service
 * decides on time or late from today's date in the contract's timezone; a recurring obligation gets its next
 * occurrence.
 */
export function obligationSetOutcome(deps: SlackDeps, outcome: 'fulfilled' | 'not-fulfilled') {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const obligationId = buttonValue(action);
    const actor = await deps.actors.fromInteraction(body);
    const { obligation, next } = await deps.services.obligations.setOutcome(actor, obligationId, { outcome });
    await respond({ response_type: 'ephemeral', replace_original: false, text: outcomeConfirmation(obligation, next) });
  };
}
