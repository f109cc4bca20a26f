import { correctiveActionListMessage } from '../../../blocks/corrective-actions';
import type { SubcommandContext } from './context';

/** `/steward actions REF [all]`: open actions (and verified ones awaiting closure), or every one. */
export async function runCorrectiveActions(ctx: SubcommandContext, reference: string, all: boolean): Promise<void> {
  const list = await ctx.deps.services.correctiveActions.list(ctx.actor, reference, { open: !all });
  await ctx.reply(correctiveActionListMessage(list, reference, all));
}
