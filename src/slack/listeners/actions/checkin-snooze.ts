import { slackDate } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { messageRefOf, RedrawnMessages, updatePromptItem } from '../../message-updates';
import { publishHome } from '../home/publish-home';
import { type ButtonArgs, buttonValue, fromHome } from './button-args';

/** "Snooze": the service moves the reminder; the prompt shows until when. */
export function checkinSnooze(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const checkinId = buttonValue(action);
    const actor = await deps.actors.fromInteraction(body);
    const redrawn = new RedrawnMessages();
    const item = await deps.services.checkins.snooze(actor, checkinId, redrawn);
    if (fromHome(body)) {
      await publishHome(deps, client, actor);
      return;
    }
    const message = messageRefOf(body);
    // The service redrew the prompts it knows; one it does not (an earlier prompt a reminder replaced) is drawn here.
    if (message && !redrawn.has(message)) {
      await updatePromptItem(client, message, item, {
        known: { text: body.message?.text, blocks: body.message?.blocks },
      });
    }
    if (item.state.status === 'snoozed') {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `:zzz: Snoozed until ${slackDate(item.state.until)}.`,
      });
    }
  };
}
