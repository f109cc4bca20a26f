import { escapeMrkdwn } from '../../../blocks/mrkdwn';
import type { SubcommandContext } from './context';

export async function runCheckin(ctx: SubcommandContext, reference: string, kpiKey?: string): Promise<void> {
  const { prompted } = await ctx.deps.services.checkins.sendNow(ctx.actor, reference, kpiKey);
  const what = kpiKey ? `\`${escapeMrkdwn(kpiKey)}\` on ${escapeMrkdwn(reference)}` : escapeMrkdwn(reference);
  await ctx.reply({
    text:
      prompted === 0
        ? `Nothing to send for ${what}: this period's check-ins are already answered or not due.`
        : `:outbox_tray: Sent ${prompted} check-in prompt${prompted === 1 ? '' : 's'} for ${what}.`,
  });
}
