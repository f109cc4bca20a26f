import { addDays } from '../../../../domain/local-time';
import { obligationCreateModal } from '../../../blocks/obligations';
import type { SubcommandContext } from './context';

const DEFAULT_DUE_IN_DAYS = 30;

/** The new-obligation modal at once (the trigger is fresh); the service judges everything on submission. */
export async function runObligation(ctx: SubcommandContext, reference: string): Promise<void> {
  const today = ctx.deps.clock().toISOString().slice(0, 10);
  await ctx.client.views.open({
    trigger_id: ctx.payload.trigger_id,
    view: obligationCreateModal({ subject: reference, channelId: ctx.payload.channel_id }, reference, {
      owner: ctx.payload.user_id,
      dueDate: addDays(today, DEFAULT_DUE_IN_DAYS),
    }),
  });
}
