import { kickoffChecklistMessage } from '../../../blocks/kickoff';
import type { SubcommandContext } from './context';

/**
 * Posts the kickoff checklist in every linked channel that has not had it (the service decides who may and
 * where: the vendor channel gets the vendor view, with the Acknowledge button), then shows the caller the
 * checklist as they may see it.
 */
export async function runKickoff(ctx: SubcommandContext, reference: string): Promise<void> {
  const { kickoff } = ctx.deps.services;
  const { posted } = await kickoff.postKickoff(ctx.actor, reference);
  const view = await kickoff.checklist(ctx.actor, reference);
  await ctx.reply(kickoffChecklistMessage(view, posted));
}
