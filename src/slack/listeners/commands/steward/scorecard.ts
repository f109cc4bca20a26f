import { scorecardMessage } from '../../../blocks/reports';
import type { SubcommandContext } from './context';

export async function runScorecard(ctx: SubcommandContext, reference: string): Promise<void> {
  // The service picks the vendor view for vendors and shared places; the builder drops internal-only KPIs again.
  const view = await ctx.deps.services.contracts.scorecard(ctx.actor, reference);
  const shared = ctx.actor.external || (ctx.actor.channel?.shared ?? false);
  await ctx.reply(scorecardMessage(view, { shared }));
}
