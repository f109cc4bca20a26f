import { checkinBlockPrefix } from '../../blocks/checkin-prompt';
import { notApplicableModal } from '../../blocks/score-modal';
import type { SlackDeps } from '../../deps';
import { messageRefOf } from '../../message-updates';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue, fromHome } from './button-args';

/** "Not applicable": asks why in a modal; the service decides on submission. */
export function checkinNotApplicable(_deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const checkinId = buttonValue(action);
    const message = messageRefOf(body);
    const context: ModalContext = {
      subject: checkinId,
      ...(message ? { message } : {}),
      ...(fromHome(body) ? { fromHome: true } : {}),
    };
    await client.views.open({
      trigger_id: body.trigger_id,
      view: notApplicableModal(itemSummary(body.message?.blocks, checkinId), context),
    });
  };
}

/** The item's own text from the prompt (Steward wrote and escaped it), to remind the person what they answer. */
function itemSummary(blocks: unknown, checkinId: string): string | null {
  if (!Array.isArray(blocks)) return null;
  const block = blocks.find(
    (candidate) =>
      candidate &&
      typeof candidate === 'object' &&
      (candidate as { block_id?: unknown }).block_id === `${checkinBlockPrefix(checkinId)}item`,
  ) as { text?: { text?: unknown } } | undefined;
  return typeof block?.text?.text === 'string' ? block.text.text : null;
}
