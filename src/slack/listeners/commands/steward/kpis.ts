import { kpiListMessage } from '../../../blocks/reports';
import type { SubcommandContext } from './context';

/** `/steward kpis REF`: the contract's KPIs with their targets, as Teams lists them. */
export async function runKpis(ctx: SubcommandContext, reference: string): Promise<void> {
  await ctx.reply(kpiListMessage(reference, await ctx.deps.services.contracts.kpis(ctx.actor, reference)));
}
