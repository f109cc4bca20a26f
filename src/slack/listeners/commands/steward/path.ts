import { escalationPathModal } from '../../../blocks/contract-modals';
import { openModal } from '../../../interactions';
import type { SubcommandContext } from './context';

export async function runPath(ctx: SubcommandContext, reference: string): Promise<void> {
  await openModal({
    client: ctx.client,
    triggerId: ctx.payload.trigger_id,
    title: 'Escalation path',
    deps: ctx.deps,
    // Only the contract's managers may save the path, so nobody else is given the form to fill in.
    build: async () => {
      await ctx.deps.services.contracts.requireManager(ctx.actor, reference);
      return escalationPathModal({ subject: reference, channelId: ctx.payload.channel_id }, reference);
    },
  });
}
