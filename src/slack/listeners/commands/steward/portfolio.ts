import { portfolioMessage } from '../../../blocks/records';
import type { SubcommandContext } from './context';

/**
 * `/steward portfolio`: the picture of every contract the caller manages, posted where the command ran; asked in a
 * channel shared with a vendor, it goes to the caller's direct messages instead (the service decides).
 */
export async function runPortfolio(ctx: SubcommandContext): Promise<void> {
  const result = await ctx.deps.services.reports.portfolioChart(ctx.actor);
  await ctx.reply({ text: portfolioMessage(result) });
}
