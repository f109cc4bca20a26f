import { kickoffForCaller } from '../../../../chat/kickoff';
import { kickoffChecklistMessage } from '../../../blocks/kickoff';
import type { SubcommandContext } from './context';

/** `/steward kickoff REF`: posts the checklist for the contract team and shows it (src/chat/kickoff.ts). */
export async function runKickoff(ctx: SubcommandContext, reference: string): Promise<void> {
  const answer = await kickoffForCaller(ctx.deps.services.kickoff, ctx.actor, reference);
  await ctx.reply(kickoffChecklistMessage(answer.view, answer));
}
