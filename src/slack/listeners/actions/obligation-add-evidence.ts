import { evidenceModal, obligationBlockPrefix } from '../../blocks/obligations';
import type { SlackDeps } from '../../deps';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue, fromHome } from './button-args';
import { blockText } from './message-summary';

/** "Add evidence": a link and/or a note; the service decides on submission who may add it. */
export function obligationAddEvidence(_deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const obligationId = buttonValue(action);
    const context: ModalContext = {
      subject: obligationId,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      ...(fromHome(body) ? { fromHome: true } : {}),
    };
    const summary = blockText(body.message?.blocks, `${obligationBlockPrefix(obligationId)}item`);
    await client.views.open({ trigger_id: body.trigger_id, view: evidenceModal(context, summary) });
  };
}
