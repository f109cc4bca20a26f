import type { ChannelPurpose } from '../../../../domain/types';
import { escapeMrkdwn } from '../../../blocks/mrkdwn';
import type { SubcommandContext } from './context';

export async function runLink(ctx: SubcommandContext, reference: string, purpose: ChannelPurpose): Promise<void> {
  const channelId = ctx.payload.channel_id;
  if (!/^[CG]/.test(channelId)) {
    await ctx.reply({ text: 'Run `/steward link` in the channel you want to link, not in a direct message.' });
    return;
  }
  // An internal channel that is shared with another organisation would show internal KPIs to outsiders.
  if (purpose === 'internal' && ctx.actor.channel?.shared) {
    await ctx.reply({
      text: `This channel is shared with another organisation, so it cannot be ${escapeMrkdwn(reference)}'s internal channel. Link it as \`vendor\` instead: \`/steward link ${escapeMrkdwn(reference)} vendor\``,
    });
    return;
  }
  await ctx.deps.services.contracts.linkChannel(ctx.actor, reference, { surface: 'slack', channelId, purpose });
  const what =
    purpose === 'internal'
      ? 'internal channel: escalations and internal check-ins are posted here'
      : 'vendor channel: only vendor-visible KPIs and the vendor scorecard are posted here';
  await ctx.reply({ text: `:link: <#${channelId}> is now *${escapeMrkdwn(reference)}*'s ${what}.` });
}
