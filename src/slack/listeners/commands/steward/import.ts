import { importModal } from '../../../blocks/records';
import type { SubcommandContext } from './context';

export async function runImport(ctx: SubcommandContext): Promise<void> {
  await ctx.client.views.open({
    trigger_id: ctx.payload.trigger_id,
    view: importModal({ subject: 'import', channelId: ctx.payload.channel_id }),
  });
}
