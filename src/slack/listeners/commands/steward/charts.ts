import { chartsMessage } from '../../../blocks/records';
import type { SubcommandContext } from './context';

/** Charts posted where the command ran: in a vendor channel the service draws only vendor-visible KPIs. */
export async function runCharts(ctx: SubcommandContext, reference: string): Promise<void> {
  const results = await ctx.deps.services.reports.scorecardCharts(ctx.actor, reference);
  await ctx.reply({ text: chartsMessage(reference, results) });
}
