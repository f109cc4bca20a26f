import { addDays } from '../../../../domain/local-time';
import { riskModal } from '../../../blocks/risks';
import type { SubcommandContext } from './context';

const DEFAULT_REVIEW_IN_DAYS = 30;

export async function runRisk(ctx: SubcommandContext, reference: string): Promise<void> {
  const today = ctx.deps.clock().toISOString().slice(0, 10);
  await ctx.client.views.open({
    trigger_id: ctx.payload.trigger_id,
    view: riskModal({ subject: reference, channelId: ctx.payload.channel_id }, reference, {
      owner: ctx.payload.user_id,
      reviewDate: addDays(today, DEFAULT_REVIEW_IN_DAYS),
    }),
  });
}
