import { escalationListMessage } from '../../../blocks/reports';
import type { SubcommandContext } from './context';

export async function runEscalations(ctx: SubcommandContext, reference?: string): Promise<void> {
  const escalations = await ctx.deps.services.escalations.listOpen(ctx.actor, reference);
  await ctx.reply(escalationListMessage(escalations, reference));
}
