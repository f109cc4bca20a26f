import { helpMessage } from '../../../blocks/help';
import type { SubcommandContext } from './context';

export async function runHelp(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(helpMessage(ctx.actor.external));
}
