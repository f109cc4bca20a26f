import { contractRolesModal } from '../../../blocks/contract-modals';
import { openModal } from '../../../interactions';
import type { SubcommandContext } from './context';

export async function runRoles(ctx: SubcommandContext, reference: string): Promise<void> {
  await openModal({
    client: ctx.client,
    triggerId: ctx.payload.trigger_id,
    title: 'Roles',
    deps: ctx.deps,
    // Only the contract's managers may save roles, so nobody else is given the form to fill in.
    build: async () => {
      await ctx.deps.services.contracts.requireManager(ctx.actor, reference);
      return contractRolesModal({ subject: reference, channelId: ctx.payload.channel_id }, reference);
    },
  });
}
