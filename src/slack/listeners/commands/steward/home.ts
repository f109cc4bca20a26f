import { homeView } from '../../../blocks/home';
import { type KnownBlock, MESSAGE_BLOCK_LIMIT } from '../../../blocks/kit';
import { homeFollowUps } from '../../home/publish-home';
import type { SubcommandContext } from './context';

/**
 * `/steward home`: the Home tab's check-ins, contracts and escalations as a reply (as Teams' home card), within a
 * message's 50 blocks. Obligations and risks are internal, so a vendor, or anyone in a shared channel, gets the
 * first part only.
 */
export async function runHome(ctx: SubcommandContext): Promise<void> {
  const home = await ctx.deps.services.dashboard.home(ctx.actor);
  const internal = !ctx.actor.external && !ctx.actor.channel?.shared;
  const followUps = internal ? await homeFollowUps(ctx.deps, ctx.actor, home) : undefined;
  const { blocks } = homeView(home, ctx.deps.clock(), followUps, MESSAGE_BLOCK_LIMIT);
  await ctx.reply({
    text: `Your check-ins (${home.totals?.pendingCheckins ?? home.pendingCheckins.length}), contracts (${home.owned?.total ?? home.ownedContracts.length}) and escalations (${home.totals?.openEscalations ?? home.openEscalations.length})`,
    blocks: blocks as KnownBlock[],
  });
}
