import { cancelActionModal } from '../../blocks/corrective-actions';
import type { SlackDeps } from '../../deps';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue } from './button-args';
import { blockText } from './message-summary';

/** "Cancel…": a cancellation needs a note, so it asks in a modal. */
export function correctiveActionCancel(_deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const actionId = buttonValue(action);
    const context: ModalContext = { subject: actionId, ...(body.channel?.id ? { channelId: body.channel.id } : {}) };
    const summary = blockText(body.message?.blocks, `action:${actionId}:item`);
    await client.views.open({ trigger_id: body.trigger_id, view: cancelActionModal(context, summary) });
  };
}
