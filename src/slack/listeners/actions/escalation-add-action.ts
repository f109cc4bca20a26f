import { correctiveActionModal } from '../../blocks/escalation';
import type { SlackDeps } from '../../deps';
import { messageRefOf } from '../../message-updates';
import { type ButtonArgs, buttonValue } from './button-args';

const TWO_WEEKS_MS = 14 * 24 * 60 * 60_000;

/** "Add corrective action": a modal for the action, its owner and due date (trigger used at once). */
export function escalationAddAction(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const escalationId = buttonValue(action);
    const message = messageRefOf(body);
    const dueDate = new Date(deps.clock().getTime() + TWO_WEEKS_MS).toISOString().slice(0, 10);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: correctiveActionModal(
        { subject: escalationId, ...(message ? { message } : {}) },
        { initialDueDate: dueDate, owner: body.user.id },
      ),
    });
  };
}
