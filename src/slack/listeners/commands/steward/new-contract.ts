import { contractCreateModal } from '../../../blocks/contract-modals';
import type { SubcommandContext } from './context';

export async function runNewContract(ctx: SubcommandContext): Promise<void> {
  // Nothing to look up first: the trigger_id is used at once.
  const today = ctx.deps.clock().toISOString().slice(0, 10);
  await ctx.client.views.open({
    trigger_id: ctx.payload.trigger_id,
    view: contractCreateModal(
      { subject: 'new', channelId: ctx.payload.channel_id },
      { timezone: ctx.deps.defaultTimezone, startDate: today },
    ),
  });
}
