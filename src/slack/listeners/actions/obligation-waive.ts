import { obligationBlockPrefix, waiveModal } from '../../blocks/obligations';
import type { SlackDeps } from '../../deps';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue } from './button-args';
import { blockText } from './message-summary';

/** "Waive": asks why; the service requires the reason and decides who may waive. */
export function obligationWaive(_deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const obligationId = buttonValue(action);
    const context: ModalContext = {
      subject: obligationId,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
    };
    const summary = blockText(body.message?.blocks, `${obligationBlockPrefix(obligationId)}item`);
    await client.views.open({ trigger_id: body.trigger_id, view: waiveModal(context, summary) });
  };
}
