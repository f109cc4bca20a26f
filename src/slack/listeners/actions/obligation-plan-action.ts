import { addDays } from '../../../domain/local-time';
import { obligationBlockPrefix, planActionModal } from '../../blocks/obligations';
import type { SlackDeps } from '../../deps';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue } from './button-args';
import { blockText } from './message-summary';

const TWO_WEEKS_DAYS = 14;

/** "Plan corrective action" for an obligation not fulfilled or overdue. */
export function obligationPlanAction(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const obligationId = buttonValue(action);
    const context: ModalContext = {
      subject: obligationId,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
    };
    const summary = blockText(body.message?.blocks, `${obligationBlockPrefix(obligationId)}item`);
    const today = deps.clock().toISOString().slice(0, 10);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: planActionModal(context, summary, { owner: body.user.id, dueDate: addDays(today, TWO_WEEKS_DAYS) }),
    });
  };
}
