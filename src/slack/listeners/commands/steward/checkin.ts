import { sendNowSummary } from '../../../../chat/checkin-whereabouts';
import { escapeMrkdwn } from '../../../blocks/mrkdwn';
import type { SubcommandContext } from './context';

/**
 * `/steward checkin REF [KPI]`: sends what is still to send, and for the rest says who each prompt waits for and
 * where it is; times are Slack date tokens, shown in each reader's own time zone.
 */
export async function runCheckin(ctx: SubcommandContext, reference: string, kpiKey?: string): Promise<void> {
  const result = await ctx.deps.services.checkins.sendNow(ctx.actor, reference, kpiKey);
  const scope = kpiKey ? `\`${escapeMrkdwn(kpiKey)}\` on ${escapeMrkdwn(reference)}` : escapeMrkdwn(reference);
  const text = sendNowSummary(result, scope, {
    escape: escapeMrkdwn,
    place: (place) =>
      place.surface !== 'slack'
        ? 'Teams'
        : place.channelId.startsWith('D')
          ? 'a direct message'
          : `<#${place.channelId}>`,
    when: (at) => {
      const seconds = Math.floor(at.getTime() / 1000);
      return `<!date^${seconds}^{date_short_pretty} {time}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
    },
  });
  await ctx.reply({ text: result.prompted > 0 ? `:outbox_tray: ${text}` : text });
}
