import { finalEvaluationMessage } from '../../../blocks/closeout';
import type { SubcommandContext } from './context';

/** The evaluation of the whole term so far (internal: the service refuses vendors and shared places). */
export async function runCloseout(ctx: SubcommandContext, reference: string): Promise<void> {
  const evaluation = await ctx.deps.services.closeout.finalEvaluation(ctx.actor, reference);
  await ctx.reply(finalEvaluationMessage(evaluation));
}
