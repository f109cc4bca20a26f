import { contractRolesModal } from '../../../blocks/contract-modals';
import type { SubcommandContext } from './context';

export async function runRoles(ctx: SubcommandContext, reference: string): Promise<void> {
  await ctx.client.views.open({
    trigger_id: ctx.payload.trigger_id,
    view: contractRolesModal({ subject: reference, channelId: ctx.payload.channel_id }, reference),
  });
}
