import { acknowledgedKickoffBlocks } from '../../blocks/kickoff';
import { escapeMrkdwn, mention, slackDate } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { messageRefOf } from '../../message-updates';
import { type ButtonArgs, buttonValue } from './button-args';

/**
 * "Acknowledge kickoff" under the checklist in the vendor channel. The service decides who may (the vendor's
 * contacts, or a Slack Connect user in the contract's vendor channel) and refuses anyone else with an audit entry;
 * the message then shows who acknowledged instead of the button.
 */
export function kickoffAcknowledge(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const reference = buttonValue(action);
    const actor = await deps.actors.fromInteraction(body);
    const view = await deps.services.kickoff.acknowledgeKickoff(actor, reference);
    const message = messageRefOf(body);
    const acknowledged = view.acknowledged;
    if (message && acknowledged && Array.isArray(body.message?.blocks)) {
      await client.chat.update({
        channel: message.channelId,
        ts: message.ts,
        text: body.message?.text || `Kickoff of ${view.contractRef}`,
        blocks: acknowledgedKickoffBlocks(body.message.blocks, acknowledged.by, acknowledged.at),
      });
    }
    const ref = escapeMrkdwn(view.contractRef);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: view.alreadyAcknowledged
        ? `The kickoff of *${ref}* was already acknowledged${acknowledged ? ` by ${mention(acknowledged.by)} on ${slackDate(acknowledged.at)}` : ''}.`
        : `:white_check_mark: Thank you: the kickoff of *${ref}* is acknowledged. The contract team has been told.`,
    });
  };
}
