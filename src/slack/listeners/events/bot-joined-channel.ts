import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';

/**
 * When Steward itself is added to a channel, it says how to link the channel to a contract. Whether the channel
 * is shared with another organisation comes from the envelope (`is_ext_shared_channel`), never from its name.
 */
export function botJoinedChannel(deps: SlackDeps) {
  return async ({
    event,
    body,
    client,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'member_joined_channel'>): Promise<void> => {
    const installation = await deps.installation();
    if (event.user !== installation.botUserId) return;
    deps.actors.forgetChannel(event.channel);
    const shared = (body as { is_ext_shared_channel?: boolean }).is_ext_shared_channel === true;
    const text = shared
      ? 'Hello! This channel is shared with another organisation. Link it to a contract as its vendor channel with `/steward link REF vendor`: only vendor-visible KPIs and scorecards are posted here.'
      : "Hello! Link this channel to a contract with `/steward link REF internal`: check-ins and escalations for the contract's team are posted here.";
    await client.chat.postMessage({ channel: event.channel, text });
  };
}
