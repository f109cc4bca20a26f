import type { CorrectiveActionStatus } from '../../../domain/types';
import { stepConfirmation } from '../../blocks/corrective-actions';
import type { SlackDeps } from '../../deps';
import { type ButtonArgs, buttonValue } from './button-args';

/**
 * Approve, Start (or Reopen), Verify, Close: one step along the corrective action's lifecycle. The service
 * decides who may take which step and whether the step follows from where the action is.
 */
export function correctiveActionStep(
  deps: SlackDeps,
  status: Exclude<CorrectiveActionStatus, 'planned' | 'cancelled'>,
) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actionId = buttonValue(action);
    const actor = await deps.actors.fromInteraction(body);
    const updated = await deps.services.correctiveActions.update(actor, actionId, { status });
    await respond({ response_type: 'ephemeral', replace_original: false, text: stepConfirmation(updated) });
  };
}
