import { obligationListMessage } from '../../../blocks/obligations';
import type { SubcommandContext } from './context';

/** A vendor sees the obligations its contacts owe, with Add evidence; the contract team also gets the outcomes. */
export async function runObligations(ctx: SubcommandContext, reference: string): Promise<void> {
  const obligations = await ctx.deps.services.obligations.list(ctx.actor, reference);
  await ctx.reply(obligationListMessage(obligations, reference, { manage: !ctx.actor.external }));
}
