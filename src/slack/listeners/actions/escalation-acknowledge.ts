import type { SlackDeps } from '../../deps';
import { messageRefOf, RedrawnMessages, updateEscalationMessage } from '../../message-updates';
import { type ButtonArgs, buttonValue } from './button-args';

/**
 * "Acknowledge": stops the climb. The service posts the thread line ("… acknowledged") and redraws the root of
 * every thread of the escalation; the one clicked is redrawn here only if the service could not.
 */
export function escalationAcknowledge(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const escalationId = buttonValue(action);
    const actor = await deps.actors.fromInteraction(body);
    const redrawn = new RedrawnMessages();
    const view = await deps.services.escalations.acknowledge(actor, escalationId, redrawn);
    const message = messageRefOf(body);
    if (message && !redrawn.has(message)) await updateEscalationMessage(client, message, view);
  };
}
