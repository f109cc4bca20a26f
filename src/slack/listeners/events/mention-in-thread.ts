import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../chat/commands';
import { isStewardError } from '../../../domain/errors';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import { slackCommandText } from '../../command-text';
import type { SlackDeps } from '../../deps';

const HOW = 'In a review pack’s thread, mention me with: `decision YYYY-MM-DD @owner|me what was decided`.';

/**
 * "@Steward decision 2026-05-31 me renegotiate the credit" in the thread of a review pack's message: recorded
 * against that pack (a slash command carries no thread, so a mention is how Slack says which pack). The answer
 * goes in the thread; anything else mentioned there is told what the thread takes.
 */
export function mentionInThread(deps: SlackDeps) {
  return async ({
    event,
    body,
    client,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>): Promise<void> => {
    const installation = await deps.installation();
    if (!event.user || event.user === installation.botUserId) return;
    const threadTs = event.thread_ts;
    const answer = (text: string) =>
      client.chat.postMessage({ channel: event.channel, thread_ts: threadTs ?? event.ts, text, unfurl_links: false });
    // The bot's own mention is dropped; other people's stay as tokens the parser reads (the owner).
    const withoutBot = event.text.replace(new RegExp(`<@${installation.botUserId}(?:\\|[^>]*)?>`, 'g'), ' ');
    const typed = slackCommandText(withoutBot);
    const parsed = parseCommand(typed.text.replace(/^\s*steward\s+/i, ''), typed.mentions);
    if (!threadTs || !parsed.ok || parsed.command.name !== 'decision' || parsed.command.reference) {
      await answer(
        parsed.ok && parsed.command.name === 'decision'
          ? `For a decision with its contract named, use \`/steward decision REF YYYY-MM-DD @owner what was decided\`. ${HOW}`
          : HOW,
      );
      return;
    }
    const actor = await deps.actors.fromEvent({
      userId: event.user,
      ...(event.user_team ? { userTeamId: event.user_team } : {}),
      channelId: event.channel,
      envelope: body as { is_ext_shared_channel?: boolean },
    });
    const { command } = parsed;
    try {
      const decision = await deps.services.reviewPacks.recordDecisionInThread(
        actor,
        { surface: 'slack', channelId: event.channel, messageId: threadTs },
        {
          dueDate: command.dueDate,
          text: command.text,
          ...(command.owner
            ? { owner: { slackUserId: command.owner.id, ...(command.owner.name ? { name: command.owner.name } : {}) } }
            : {}),
        },
      );
      await answer(
        `:memo: Recorded for the ${escapeMrkdwn(decision.quarterKey)} review of *${escapeMrkdwn(decision.contractRef)}*: ${escapeMrkdwn(decision.text)} · owner ${escapeMrkdwn(decision.ownerName)} · due ${decision.dueDate}. It is shown in the next review pack.`,
      );
    } catch (error) {
      if (!isStewardError(error)) throw error;
      await answer(`:warning: ${escapeMrkdwn(error.userMessage)}`);
    }
  };
}
