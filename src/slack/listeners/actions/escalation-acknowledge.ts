import type { SlackDeps } from '../../deps';
import { messageRefOf, updateEscalationMessage } from '../../message-updates';
import { type ButtonArgs, buttonValue } from './button-args';

/**
 * "Acknowledge": stops the climb. The root is redrawn here at once; the service posts the thread line
 * ("… acknowledged") and redraws every other thread of the escalation.
 */
export function escalationAcknowledge(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const escalationId = buttonValue(action);
    const actor = await deps.actors.fromInteraction(body);
    const view = await deps.services.escalations.acknowledge(actor, escalationId);
    const message = messageRefOf(body);
    if (message) await updateEscalationMessage(client, message, view);
  };
}
